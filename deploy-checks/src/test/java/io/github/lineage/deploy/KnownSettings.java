package io.github.lineage.deploy;

import io.github.lineage.core.config.KafkaClientConfig;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.config.Neo4jSettings;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.UnleashSettings;
import io.github.lineage.core.guard.Drill;
import io.github.lineage.core.guard.Guard;
import io.github.lineage.core.guard.GuardRules;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.guard.UnleashToggleSwitch;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.metrics.OpsServer;
import java.util.Set;
import java.util.TreeSet;

/** Environment variables the services read: a deploy file setting any other one has a typo. */
final class KnownSettings {

  /** CLI subcommands a deployed container may run. */
  static final Set<String> SERVICE_COMMANDS = Set.of("watch", "parse-streams", "sink");

  /** Consumer group of each service command (parser: the Kafka Streams application.id). */
  static final java.util.Map<String, String> CONSUMER_GROUPS =
      java.util.Map.of("parse-streams", "lineage-parser", "sink", "lineage-sink");

  /**
   * Read by the stage modules (their config records), which this module does not depend on so that
   * the stages stay independent of it (docs/design.md §6, §7 and docs/operations.md).
   */
  private static final Set<String> STAGE_SETTINGS =
      Set.of(
          "DEBOUNCE_WINDOW_SECONDS",
          "NEO4J_BATCH_SIZE",
          "NEO4J_BATCH_LINGER_MS",
          "INGEST_WORKERS",
          "PARSER_APPLICATION_ID",
          "SINK_GROUP_ID",
          "WATCH_SOURCE",
          "WATCH_GLOB",
          "WATCH_MAX_FILE_BYTES",
          "ROCKSDB_BLOCK_CACHE_MB",
          "ROCKSDB_WRITE_BUFFER_MB",
          "MAX_FILE_BYTES",
          "PARSE_CACHE_MAX_ENTRIES",
          "PARSE_CACHE_TTL_SECONDS",
          "PROCESSING_GUARANTEE",
          "PARSER_COMMIT_INTERVAL_MS",
          "WATCH_RESCAN_INTERVAL_SECONDS",
          "OPENLINEAGE_URL",
          "OPENLINEAGE_ENDPOINT",
          "OPENLINEAGE_API_KEY",
          "OPENLINEAGE_DATASET_NAMESPACE",
          "OPENLINEAGE_CONFIG",
          "OPENLINEAGE_QUEUE_CAPACITY",
          "OPENLINEAGE_MAX_ATTEMPTS",
          "SINK_MAX_POLL_INTERVAL_MS");

  /**
   * Read by the read side: lineage-api's ApiServer.ENV_PORT, the port of `lineage serve` and
   * `lineage local` (docs/api.md).
   */
  private static final Set<String> API_SETTINGS = Set.of("API_PORT");

  /** JVM and C library settings, not read by the code itself. */
  private static final Set<String> RUNTIME = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX");

  private KnownSettings() {}

  static Set<String> envNames() {
    Set<String> names = new TreeSet<>(STAGE_SETTINGS);
    names.addAll(RUNTIME);
    names.addAll(API_SETTINGS);
    names.addAll(
        Set.of(
            KafkaSettings.ENV_BOOTSTRAP,
            KafkaSettings.ENV_PARTITIONS,
            KafkaSettings.ENV_REPLICATION,
            KafkaClientConfig.ENV_FILE,
            KafkaClientConfig.ENV_SASL_USERNAME,
            KafkaClientConfig.ENV_SASL_PASSWORD,
            Neo4jSettings.ENV_URI,
            Neo4jSettings.ENV_USERNAME,
            Neo4jSettings.ENV_USER,
            Neo4jSettings.ENV_PASSWORD,
            Neo4jSettings.ENV_DATABASE,
            TopicNames.ENV_FILE_CHANGES,
            TopicNames.ENV_DOCUMENTS,
            TopicNames.ENV_DLQ,
            LineageHome.ENV,
            OpsServer.ENV_PORT,
            UnleashSettings.URL,
            UnleashSettings.API_TOKEN,
            UnleashSettings.APP_NAME,
            UnleashSettings.FETCH_INTERVAL_SECONDS,
            UnleashSettings.BOOTSTRAP_FILE,
            UnleashSettings.BACKUP_FILE,
            GuardRules.ENV,
            ProcessGuard.SAMPLE_ENV,
            Drill.ENV,
            Guard.WEBHOOK_ENV,
            UnleashToggleSwitch.ADMIN_TOKEN,
            UnleashToggleSwitch.ENVIRONMENT,
            UnleashToggleSwitch.PROJECT));
    for (Flag flag : Flag.values()) {
      names.add(flag.envVar());
    }
    return names;
  }

  /**
   * A setting the services read: one of {@link #envNames()}, or a {@code KAFKA_<PROPERTY>} client
   * setting whose property a Kafka client defines (a typo such as KAFKA_SECURITY_PROTOCL is not).
   */
  static boolean isKnown(String name) {
    return envNames().contains(name)
        || KafkaClientConfig.isClientProperty(name)
            && KafkaClientConfig.isKnown(KafkaClientConfig.propertyName(name));
  }
}
