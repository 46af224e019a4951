package io.github.lineage.cli;

import io.github.lineage.api.ApiServer;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.FlagMetrics;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.core.metrics.Metrics;
import io.github.lineage.core.metrics.OpsServer;
import io.github.lineage.sink.LineageQueries;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline in one process: embedded Kafka (KRaft) and Neo4j (Bolt), the watcher,",
      "the parser and the sink. Data lives under $LINEAGE_HOME (default .lineage/); a second start reuses it.",
      "Without --once it keeps watching DIR until Ctrl-C."
    })
public final class LocalCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory of SQL files to watch.")
  Path root;

  @Option(
      names = "--once",
      description = "Ingest, wait until the graph is current, print a summary and exit.")
  boolean once;

  @Option(
      names = "--kafka-port",
      defaultValue = "${env:LOCAL_KAFKA_PORT:-9092}",
      description = "Embedded Kafka port (default ${DEFAULT-VALUE}; 0 = any).")
  int kafkaPort;

  @Option(
      names = "--neo4j-port",
      defaultValue = "${env:LOCAL_NEO4J_PORT:-7687}",
      description = "Embedded Neo4j Bolt port (default ${DEFAULT-VALUE}; 0 = any).")
  int neo4jPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "${env:METRICS_PORT:-8000}",
      description = "Port of /metrics, /health, /ready (default ${DEFAULT-VALUE}; -1 = none).")
  int metricsPort;

  @Option(
      names = "--api-port",
      defaultValue = "${env:API_PORT:-" + ApiServer.DEFAULT_PORT + "}",
      description =
          "Without --once: port of the lineage API and explorer on 127.0.0.1 (default ${DEFAULT-VALUE}; a busy port falls back to any free one; -1 = none).")
  int apiPort;

  @Option(
      names = "--home",
      description = "Data directory (default: $LINEAGE_HOME, else .lineage/).")
  Path homeDir;

  @Option(
      names = "--timeout",
      defaultValue = "600",
      description = "With --once: give up after this many seconds (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(root)) {
      throw UserException.notFound("not a directory: " + root);
    }
    EnvReader env = EnvReader.system();
    LineageHome home = homeDir != null ? new LineageHome(homeDir) : LineageHome.from(env);
    PrintWriter out = spec.commandLine().getOut();
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    long started = System.nanoTime();
    try (Flags flags = FlagsFactory.create(env, "local-" + ProcessHandle.current().pid());
        OpsServer ops =
            metricsPort < 0 ? null : OpsServer.start("0.0.0.0", metricsPort, registry)) {
      FlagMetrics.bind(flags, registry);
      out.printf("lineage local: starting embedded Kafka and Neo4j under %s%n", home.root());
      out.flush();
      try (LocalPipeline pipeline =
          LocalPipeline.start(
              new LocalPipeline.Options(root, home, kafkaPort, neo4jPort, !once),
              env,
              flags,
              LineageEngine.defaults(),
              Metrics.forStages(flags, registry),
              ops)) {
        var scan = pipeline.initialScan();
        out.printf(
            "lineage local: Kafka %s, Neo4j %s, %d files found (%d published, %d unchanged, %d deleted, %d rejected)%n",
            pipeline.kafkaBootstrap(),
            pipeline.boltUri(),
            scan.expected().size(),
            scan.upserts(),
            scan.unchanged(),
            scan.deletes(),
            scan.rejected());
        out.flush();
        if (once) {
          Map<String, String> missing =
              pipeline.awaitGraphCurrent(
                  Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(60));
          printSummary(out, new LineageQueries(pipeline.driver()), started);
          if (!missing.isEmpty()) {
            spec.commandLine()
                .getErr()
                .printf(
                    "lineage local: %d files did not reach the graph, e.g. %s (see `lineage dlq list`)%n",
                    missing.size(), missing.entrySet().iterator().next());
            return 1;
          }
          return 0;
        }
        try (LocalApi api = apiPort < 0 ? null : LocalApi.start(apiPort, pipeline.driver(), home)) {
          out.printf(
              "lineage local: watching %s; metrics on :%d; %sCtrl-C stops%n",
              root.toAbsolutePath(),
              metricsPort,
              api == null ? "" : "explorer and API on " + api.uri() + "; ");
          out.flush();
          ServeCommand.awaitShutdownSignal();
          out.println("lineage local: stopping");
        }
        return 0;
      }
    }
  }

  private static void printSummary(PrintWriter out, LineageQueries queries, long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    out.printf("lineage local: graph current in %.1f s: %s%n", seconds, queries.graphCounts());
    out.flush();
  }
}
