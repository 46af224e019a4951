package io.github.lineage.parser;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.dbt.DbtLineage;
import io.github.lineage.sql.LineageEngine;
import io.github.lineage.sql.LineageExtractor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dbt part of the parser topology (docs/dbt.md, "Streaming"):
 *
 * <pre>
 * decode ──(events with a dbt project)──→ &lt;applicationId&gt;-dbt-projects (key = source:projectRoot)
 *   → dbt (stores dbt-project-files, dbt-pending; reads the global parse cache)
 *       ─┬→ documents (key = the file's own key; tombstone on DELETE)
 *        ├→ parse-cache topic
 *        └→ dlq
 * </pre>
 *
 * <p>The repartition topic is the application's own, created by {@link ParserService} like the
 * parse-cache topic (the Processor API has no managed repartition topics): every event of one
 * project lands on one partition, so one task holds the whole project. Its values are the change
 * events exactly as the watcher published them.
 */
final class DbtTopology {

  static final String REPARTITION_SINK = "dbt-projects-sink";
  static final String SOURCE = "dbt-projects-source";
  static final String PROCESSOR = "dbt";
  static final String DOCUMENTS_SINK = "dbt-documents-sink";
  static final String CACHE_SINK = "dbt-parse-cache-sink";
  static final String DLQ_SINK = "dbt-dlq-sink";

  /**
   * The repartition topic keeps a day: enough to be consumed, the store is the record of a project.
   */
  static final Duration RETENTION = Duration.ofDays(1);

  private static final Logger LOG = LoggerFactory.getLogger(DbtTopology.class);

  private DbtTopology() {}

  /**
   * Adds the dbt part to {@code topology}, fed by {@code decode}'s child {@link #REPARTITION_SINK}.
   */
  static void add(
      Topology topology,
      String decode,
      KafkaSettings kafka,
      ParserConfig config,
      Flags flags,
      LineageExtractor extractor,
      ParserMetrics metrics,
      DeadLetters deadLetters) {
    String topic = config.dbtProjectsTopic();
    int maxRecordBytes = kafka.limits().maxRecordBytes();
    DbtLineage lineage = new DbtLineage(modelParser(extractor));
    Map<String, String> env = System.getenv();
    topology.addSink(
        REPARTITION_SINK, topic, new StringSerializer(), new ByteArraySerializer(), decode);
    topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topic);
    topology.addProcessor(
        PROCESSOR,
        () ->
            new DbtProjectProcessor(
                flags,
                lineage,
                env,
                metrics,
                deadLetters,
                maxRecordBytes,
                config.debounceWindow(),
                config.punctuationInterval(),
                kafka.topics().fileChanges(),
                DOCUMENTS_SINK,
                CACHE_SINK,
                DLQ_SINK),
        SOURCE);
    topology.addSink(
        DOCUMENTS_SINK,
        kafka.topics().documents(),
        Topics.KEY_SERDE.serializer(),
        new ByteArraySerializer(),
        PROCESSOR);
    topology.addSink(
        CACHE_SINK,
        config.parseCacheTopic(),
        new StringSerializer(),
        new ByteArraySerializer(),
        PROCESSOR);
    topology.addSink(
        DLQ_SINK,
        kafka.topics().dlq(),
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        PROCESSOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.DBT_FILES), Serdes.String(), DbtFile.SERDE),
        PROCESSOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.DBT_PENDING), Serdes.String(), Serdes.Long()),
        PROCESSOR);
  }

  /**
   * How models are parsed: the engine itself, so a model's statement reads the shared catalog of
   * the project. An extractor that is not an engine can still offer that ({@link
   * DbtLineage.ModelParser}); otherwise models are parsed without the catalog ({@code SELECT *}
   * stays {@code *}).
   */
  static DbtLineage.ModelParser modelParser(LineageExtractor extractor) {
    if (extractor instanceof DbtLineage.ModelParser parser) {
      return parser;
    }
    if (extractor instanceof LineageEngine engine) {
      return engine::extract;
    }
    LOG.warn(
        "extractor {} reads no catalog: dbt models are parsed without upstream columns",
        extractor.version());
    return (path, statement, catalog) -> extractor.extract(path, statement);
  }

  /**
   * Creates the repartition topic if missing (delete policy: compaction would drop a project's
   * events).
   */
  static void ensureTopic(KafkaSettings kafka, ParserConfig config, Duration timeout) {
    NewTopic topic =
        new NewTopic(config.dbtProjectsTopic(), kafka.partitions(), kafka.replicationFactor())
            .configs(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG,
                    Long.toString(RETENTION.toMillis()),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    Integer.toString(kafka.limits().maxMessageBytes())));
    CacheTopic.ensure(kafka, topic, List.of(), timeout);
  }
}
