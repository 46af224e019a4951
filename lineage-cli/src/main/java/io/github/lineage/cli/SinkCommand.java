package io.github.lineage.cli;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.Neo4jSettings;
import io.github.lineage.core.flags.FlagMetrics;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.metrics.Metrics;
import io.github.lineage.core.metrics.OpsServer;
import io.github.lineage.openlineage.OpenLineageEmitter;
import io.github.lineage.openlineage.OpenLineageSettings;
import io.github.lineage.sink.SinkConfig;
import io.github.lineage.sink.SinkService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
      "TOPIC_DOCUMENTS, TOPIC_DLQ, NEO4J_URI, NEO4J_USERNAME (or NEO4J_USER), NEO4J_PASSWORD, NEO4J_DATABASE, SINK_GROUP_ID (default lineage-sink), NEO4J_BATCH_SIZE (default 100),",
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
    int port = env.integer(OpsServer.ENV_PORT, OpsServer.DEFAULT_PORT, 0, 65535);
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    ProcessGuard guard =
        ServiceGuards.start(
            env, FlagsFactory.create(env, FlagsFactory.defaultInstanceId(env)), registry);
    Flags flags = guard.flags();
    FlagMetrics.bind(flags, registry);
    Driver driver = Neo4jConnections.open(neo4j);
    try {
      Neo4jConnections.require(driver, neo4j);
    } catch (UserException e) {
      driver.close();
      flags.close();
      throw e;
    }
    OpsServer ops;
    try {
      ops = OpsServer.start("0.0.0.0", port, registry);
    } catch (IOException e) {
      driver.close();
      flags.close();
      throw UserException.config(
          "cannot serve metrics on port "
              + port
              + " ("
              + e.getMessage()
              + "); set "
              + OpsServer.ENV_PORT);
    }
    Readiness.kafkaAndNeo4j(kafka, driver).forEach(ops::addReadinessCheck);
    Stages.Slot stage = new Stages.Slot(Stages.SINK);
    ops.addStage(stage);

    OpenLineageEmitter openLineage =
        OpenLineageEmitter.create(OpenLineageSettings.from(env), registry);
    SinkService sink =
        new SinkService(
            config,
            kafka,
            driver,
            flags,
            Metrics.forStages(flags, registry),
            SinkListeners.of(openLineage, guard));
    ops.addStage(sink.stageStatus());
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM: stop the workers (an in-flight batch stays uncommitted and is replayed), then the
    // rest.
    Thread hook =
        new Thread(
            () -> {
              try {
                sink.close();
                guard.close();
                if (openLineage != null) {
                  openLineage.close();
                }
                driver.close();
                flags.close();
                ops.close();
              } finally {
                stopped.countDown();
              }
            },
            "lineage-sink-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      sink.start();
      stage.set(Stages.sink(sink));
    } catch (org.neo4j.driver.exceptions.Neo4jException e) {
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
      throw KafkaCheck.failure(kafka, e);
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
        ops.port());
    out.flush();
    stopped.await();
    return 0;
  }
}
