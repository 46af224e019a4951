package io.github.lineage.cli;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.metrics.Metrics;
import io.github.lineage.core.metrics.ReadinessCheck;
import io.github.lineage.watcher.ReconcileResult;
import io.github.lineage.watcher.WatcherConfig;
import io.github.lineage.watcher.WatcherService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lineage watch DIR}: the watcher-producer alone, for compose and Kubernetes. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Run the watcher-producer alone: publish every SQL file under DIR to Kafka, then follow changes.",
      "Settings from the environment: KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLIENT_CONFIG and KAFKA_* client settings,",
      "TOPIC_FILE_CHANGES, TOPIC_DLQ, LINEAGE_HOME,",
      "WATCH_SOURCE (default: DIR's name), WATCH_GLOB (default **.sql), WATCH_MAX_FILE_BYTES (default 10 MiB),",
      "WATCH_SETTLE_MS (default 100), WATCH_IGNORE_HIDDEN (default true), WATCH_RESCAN_INTERVAL_SECONDS (default 300,",
      "0 = never: the full rescan that catches what filesystem events miss), METRICS_PORT (default 8000).",
      "/ready is 200 once the first scan was published and while Kafka answers; /health is 503 once the watch stopped.",
      "Runs until SIGTERM or Ctrl-C; --once publishes what changed since the last run and exits."
    })
public final class WatchCommand implements java.util.concurrent.Callable<Integer> {

  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
  private static final int PROBE_TIMEOUT_MS = 2000;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory of SQL files to watch.")
  Path root;

  @Option(
      names = "--once",
      description = "Reconcile (publish changes made since the last run) and exit.")
  boolean once;

  @Override
  public Integer call() throws IOException, InterruptedException {
    EnvReader env = EnvReader.system();
    KafkaSettings kafka = KafkaSettings.from(env);
    LineageHome home = LineageHome.from(env);
    WatcherConfig config = WatcherConfig.from(env, root, home);
    PrintWriter out = spec.commandLine().getOut();
    ensureTopics(kafka);
    PrometheusMeterRegistry registry = Metrics.newRegistry();

    if (once) {
      try (WatcherService service = new WatcherService(config, kafka, registry)) {
        ReconcileResult result = service.reconcile();
        out.printf(
            "lineage watch: %s as '%s': %d upserts, %d deletes, %d unchanged, %d dead-lettered, %d failed%n",
            config.root(),
            config.source(),
            result.upserts(),
            result.deletes(),
            result.unchanged(),
            result.rejected(),
            result.failed());
        out.flush();
        return result.failed() == 0 ? 0 : 1;
      }
    }

    ServiceLauncher launcher =
        ServiceLauncher.start("lineage-watch", env, FlagsFactory.create(env));
    ReconcileResult result;
    try {
      Admin probe = launcher.own(Admin.create(probeProperties(kafka)));
      launcher.ops().addReadinessCheck(ReadinessCheck.of("kafka", () -> kafkaReachable(probe)));
      // Closed first at SIGTERM: stop watching, flush the producer, persist the state.
      WatcherService service =
          launcher.own(new WatcherService(config, kafka, launcher.stageRegistry()));
      launcher.ops().addStage(Stages.watcher(service));
      result = service.start();
    } catch (RuntimeException e) {
      launcher.close();
      throw e;
    }
    out.printf(
        "lineage watch: %s as '%s' -> %s: %d upserts, %d deletes, %d unchanged, %d dead-lettered; "
            + "watching; metrics on :%d%n",
        config.root(),
        config.source(),
        kafka.topics().fileChanges(),
        result.upserts(),
        result.deletes(),
        result.unchanged(),
        result.rejected(),
        launcher.ops().port());
    out.flush();
    return launcher.awaitShutdown();
  }

  private static void ensureTopics(KafkaSettings kafka) {
    KafkaCheck.require(kafka);
    try {
      TopicProvisioner.ensureTopics(kafka, TOPIC_TIMEOUT);
    } catch (IllegalStateException | KafkaException e) {
      throw KafkaCheck.failure(kafka, e);
    }
  }

  private static Properties probeProperties(KafkaSettings kafka) {
    Properties props = kafka.clientProperties();
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, PROBE_TIMEOUT_MS);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, PROBE_TIMEOUT_MS);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "lineage-watch-readiness");
    return props;
  }

  private static boolean kafkaReachable(Admin admin) {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(PROBE_TIMEOUT_MS))
          .clusterId()
          .get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }
}
