package io.github.lineage.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.Neo4jSettings;
import io.github.lineage.core.kafka.Json;
import io.github.lineage.sink.GraphRebuild;
import io.github.lineage.sink.SinkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.neo4j.driver.Driver;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lineage rebuild}: the graph made equal to the documents topic (see {@link GraphRebuild}).
 */
@Command(
    name = "rebuild",
    mixinStandardHelpOptions = true,
    description = {
      "Make the Neo4j graph what the compacted documents topic says.",
      "The topic is read from its beginning to its end offsets (the last record of each",
      "key is its file; a tombstone means deleted); every live document is written with",
      "the sink's own write path, fenced (one the graph holds at that offset or newer",
      "is left out); then every File whose key is not live is removed, with what only",
      "it contributed.",
      "Into an empty graph or the current one, and safe beside a running sink: a file",
      "written after the scan began is kept.",
      "Settings as for `lineage sink`: KAFKA_BOOTSTRAP_SERVERS, TOPIC_DOCUMENTS,",
      "NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_BATCH_SIZE, SINK_MAX_ATTEMPTS,",
      "SINK_BACKOFF_INITIAL_MS, SINK_BACKOFF_MAX_MS.",
      "Exit code 0; 1 when some documents could not be written (listed); 2 on a usage",
      "or connection error."
    })
public final class RebuildCommand implements Callable<Integer> {

  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--reconcile-only",
      description = "Only remove the files that are no longer live; write nothing.")
  boolean reconcileOnly;

  @Option(
      names = "--dry-run",
      description = "Read and report what would be written and removed; change nothing.")
  boolean dryRun;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    EnvReader env = connection.env();
    KafkaSettings kafka = KafkaSettings.from(env);
    Neo4jSettings neo4j = Neo4jSettings.from(env);
    SinkConfig config = SinkConfig.from(env);
    GraphRebuild.Mode mode =
        reconcileOnly ? GraphRebuild.Mode.RECONCILE_ONLY : GraphRebuild.Mode.REBUILD;
    GraphRebuild.Report report;
    try (Driver driver = Neo4jConnections.open(neo4j)) {
      verify(driver, neo4j);
      report = new GraphRebuild(kafka, driver, config, new SimpleMeterRegistry()).run(mode, dryRun);
    } catch (IllegalStateException e) {
      throw UserException.unreachable(
          e.getMessage() + " (set " + KafkaSettings.ENV_BOOTSTRAP + " or --kafka)", e);
    } catch (org.neo4j.driver.exceptions.Neo4jException e) {
      throw UserException.unreachable(
          "Neo4j at " + neo4j.uri() + " is not usable: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(json(report, neo4j.uri()));
    } else {
      text(out, report, neo4j.uri());
    }
    out.flush();
    return report.failed().isEmpty() ? 0 : 1;
  }

  private static void verify(Driver driver, Neo4jSettings neo4j) {
    try {
      driver.verifyConnectivity();
    } catch (AuthenticationException e) {
      throw UserException.unreachable(
          "Neo4j at " + neo4j.uri() + " refused the credentials (NEO4J_USER/NEO4J_PASSWORD)");
    } catch (ServiceUnavailableException e) {
      throw UserException.unreachable(
          "nothing answers at "
              + neo4j.uri()
              + " (set "
              + Neo4jSettings.ENV_URI
              + " or --neo4j-uri): "
              + e.getMessage());
    }
  }

  private static void text(PrintWriter out, GraphRebuild.Report r, String graph) {
    String would = r.dryRun() ? "would be " : "";
    out.printf(
        "lineage rebuild%s: %s -> %s%n",
        r.dryRun() ? " (dry run, nothing changed)" : "", r.topic(), graph);
    out.printf(
        "documents read: %d records, %d live, %d deleted%n",
        r.recordsRead(), r.liveDocuments(), r.deletedKeys());
    if (r.mode() == GraphRebuild.Mode.REBUILD) {
      out.printf(
          "files %swritten: %d (%d left out, already in the graph at that offset or newer)%n",
          would, r.filesWritten(), r.filesLeftOut());
    }
    out.printf("files %sremoved: %d%n", would, r.removed().size());
    r.removed()
        .forEach(key -> out.printf("  %s %s%n", r.dryRun() ? "would remove" : "removed", key));
    r.keptNewer()
        .forEach(
            key -> out.printf("  kept %s (not in the topic, written after the scan began)%n", key));
    if (!r.failed().isEmpty()) {
      out.printf("files failed: %d%n", r.failed().size());
      r.failed().forEach(f -> out.printf("  failed %s%n", f));
    }
  }

  private static String json(GraphRebuild.Report r, String graph) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("topic", r.topic());
    node.put("graph", graph);
    node.put("mode", r.mode() == GraphRebuild.Mode.REBUILD ? "rebuild" : "reconcile-only");
    node.put("dryRun", r.dryRun());
    node.put("documentsRead", r.recordsRead());
    node.put("liveDocuments", r.liveDocuments());
    node.put("deletedKeys", r.deletedKeys());
    node.put("filesWritten", r.filesWritten());
    node.put("filesLeftOut", r.filesLeftOut());
    node.put("filesRemoved", r.removed().size());
    array(node, "removed", r.removed());
    array(node, "keptNewer", r.keptNewer());
    array(node, "failed", r.failed());
    node.put("tookMs", r.took().toMillis());
    return node.toString();
  }

  private static void array(ObjectNode node, String field, List<String> values) {
    var array = node.putArray(field);
    values.forEach(array::add);
  }
}
