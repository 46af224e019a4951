package io.github.lineage.cli;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.Neo4jSettings;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.openlineage.OpenLineageEmitter;
import io.github.lineage.openlineage.OpenLineageSettings;
import io.github.lineage.sink.SinkConfig;
import io.github.lineage.sink.SinkService;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.neo4j.driver.Driver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lineage sink}: the graph-sink consumer group alone, for compose and Kubernetes. */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description = {
      "Run the graph-sink alone: consume lineage documents and keep the Neo4j graph current.",
      "Settings from the environment: KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLIENT_CONFIG and KAFKA_* client settings,",
      "TOPIC_DOCUMENTS, TOPIC_DLQ, NEO4J_URI, NEO4J_USERNAME (or NEO4J_USER), NEO4J_PASSWORD, NEO4J_DATABASE, SINK_GROUP_ID (default lineage-sink), NEO4J_BATCH_SIZE (default 100), NEO4J_BATCH_MAX_BYTES (default 4 MiB),",
      "NEO4J_BATCH_LINGER_MS (default 200), INGEST_WORKERS (default 4, with lineage.parallel on),",
      "SINK_MAX_ATTEMPTS (default 5), SINK_BACKOFF_INITIAL_MS, SINK_BACKOFF_MAX_MS, SINK_POLL_TIMEOUT_MS,",
      "SINK_MAX_POLL_INTERVAL_MS (default 300000),",
      "UNLEASH_URL, UNLEASH_API_TOKEN, FEATURE_* kill switches, METRICS_PORT (default 8000).",
      "At start, when the sink was away longer than the documents topic keeps tombstones (delete.retention.ms),",
      "or has no record of reading it, files no longer live in the topic are removed first (see lineage rebuild).",
      "Runs until SIGTERM or Ctrl-C; /ready answers 200 while the workers run and Kafka and Neo4j are reachable;",
      "/health is 503 once a worker stopped."
    })
public final class SinkCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    EnvReader env = EnvReader.system();
    KafkaSettings kafka = KafkaSettings.from(env);
    Neo4jSettings neo4j = Neo4jSettings.from(env);
    SinkConfig config = SinkConfig.from(env);
    KafkaCheck.require(kafka);
    ServiceLauncher launcher =
        ServiceLauncher.start(
            "lineage-sink", env, FlagsFactory.create(env, FlagsFactory.defaultInstanceId(env)));
    SinkService sink;
    try {
      Driver driver = launcher.own(Neo4jConnections.open(neo4j));
      Neo4jConnections.require(driver, neo4j);
      Readiness.kafkaAndNeo4j(kafka, driver).forEach(launcher.ops()::addReadinessCheck);
      Stages.Slot stage = new Stages.Slot(Stages.SINK);
      launcher.ops().addStage(stage);
      OpenLineageEmitter openLineage =
          launcher.own(
              OpenLineageEmitter.create(OpenLineageSettings.from(env), launcher.registry()));
      // Closed first at SIGTERM: the workers stop (an in-flight batch stays uncommitted and is
      // replayed), then the emitter, the driver and the servers.
      sink =
          launcher.own(
              new SinkService(
                  config,
                  kafka,
                  driver,
                  launcher.flags(),
                  launcher.stageRegistry(),
                  SinkListeners.of(openLineage, launcher.guard())));
      launcher.ops().addStage(sink.stageStatus());
      sink.start();
      stage.set(Stages.sink(sink));
    } catch (org.neo4j.driver.exceptions.Neo4jException e) {
      launcher.close();
      throw UserException.unreachable(
          "Neo4j at "
              + neo4j.uri()
              + " is not usable: "
              + e.getMessage()
              + " (set "
              + Neo4jSettings.ENV_URI
              + ")",
          e);
    } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
      launcher.close();
      throw KafkaCheck.failure(kafka, e);
    } catch (RuntimeException e) {
      launcher.close();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "lineage sink: %s -> %s as '%s', %d worker(s), batch %d / %d ms; metrics on :%d%n",
        kafka.topics().documents(),
        neo4j.uri(),
        config.groupId(),
        sink.workers(),
        config.batchSize(),
        config.linger().toMillis(),
        launcher.ops().port());
    out.flush();
    return launcher.awaitShutdown();
  }
}
