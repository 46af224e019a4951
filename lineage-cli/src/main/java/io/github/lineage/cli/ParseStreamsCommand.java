package io.github.lineage.cli;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.core.metrics.ReadinessCheck;
import io.github.lineage.parser.ParserConfig;
import io.github.lineage.parser.ParserService;
import io.github.lineage.sql.LineageEngine;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lineage parse-streams}: the parser-streams application alone, for compose and Kubernetes.
 */
@Command(
    name = "parse-streams",
    mixinStandardHelpOptions = true,
    description = {
      "Run the parser-streams application alone: debounce file changes, parse them (with the parse cache),",
      "publish lineage documents (tombstones on delete) and dead letters.",
      "Settings from the environment: KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLIENT_CONFIG and KAFKA_* client settings,",
      "TOPIC_FILE_CHANGES, TOPIC_DOCUMENTS, TOPIC_DLQ,",
      "LINEAGE_HOME (state under streams/), PARSER_APPLICATION_ID (default lineage-parser),",
      "DEBOUNCE_WINDOW_SECONDS (default 2), PARSER_PUNCTUATION_INTERVAL_MS (default 200), INGEST_WORKERS (default 4,",
      "with lineage.parallel on), ROCKSDB_BLOCK_CACHE_MB (default 32), ROCKSDB_WRITE_BUFFER_MB (default 16),",
      "PARSER_COMMIT_INTERVAL_MS (default 1000), PROCESSING_GUARANTEE (at_least_once | exactly_once_v2),",
      "UNLEASH_URL, UNLEASH_API_TOKEN, FEATURE_* kill switches, METRICS_PORT (default 8000).",
      "Runs until SIGTERM or Ctrl-C; /ready answers 200 while the Streams client is RUNNING and Kafka answers;",
      "/health is 503 once the Streams client is in ERROR or stopped."
    })
public final class ParseStreamsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    EnvReader env = EnvReader.system();
    KafkaSettings kafka = KafkaSettings.from(env);
    KafkaCheck.require(kafka);
    ParserConfig config = ParserConfig.from(env, LineageHome.from(env));
    ServiceLauncher launcher =
        ServiceLauncher.start("lineage-parse-streams", env, FlagsFactory.create(env));
    ParserService service;
    try {
      LineageEngine engine = launcher.own(LineageEngine.defaults());
      service =
          launcher.own(
              new ParserService(config, kafka, launcher.guard(), engine, launcher.stageRegistry()));
      // Streams stays RUNNING while the broker is away, so Kafka is probed on its own as well.
      launcher.ops().addReadinessCheck(ReadinessCheck.of("kafka", () -> Readiness.kafka(kafka)));
      Stages.Slot stage = new Stages.Slot(Stages.PARSER);
      launcher.ops().addStage(stage);
      service.start();
      stage.set(Stages.parser(service));
    } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
      launcher.close();
      throw KafkaCheck.failure(kafka, e);
    } catch (RuntimeException e) {
      launcher.close();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "lineage parse-streams: %s -> %s as '%s', %d stream thread(s), debounce %s s; metrics on :%d%n",
        kafka.topics().fileChanges(),
        kafka.topics().documents(),
        config.applicationId(),
        service.threads(),
        config.debounceWindow().toMillis() / 1000.0,
        launcher.ops().port());
    out.flush();
    return launcher.awaitShutdown();
  }
}
