package io.github.lineage.parser;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.kafka.JsonSerde;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.sql.LineageExtractor;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The parser topology, used by {@link ParserService} and by the tests:
 *
 * <pre>
 * file-changes (bytes) → decode ─┬→ debounce → parse ─┬→ documents (compacted; tombstone on DELETE)
 *                                │                     ├→ parse-cache topic → global parse-cache store
 *                                └─────────────────────┴→ dlq (original bytes + error headers)
 * </pre>
 *
 * <p>The debounce and last-emitted stores are partitioned like the input (per file key). The parse
 * cache is keyed by content, and the same content arrives under keys of any partition, so it is a
 * global store fed by its own compacted topic: every task of every instance sees every entry, and
 * the topic is its changelog (a wiped state directory is rebuilt from it).
 *
 * <p>Events of files inside a dbt project leave decode for the project's side, {@link DbtTopology}.
 */
public final class TopologyFactory {

  public static final String SOURCE = "file-changes-source";
  public static final String DECODE = "decode";
  public static final String DEBOUNCE = "debounce";
  public static final String PARSE = "parse";
  public static final String DOCUMENTS_SINK = "documents-sink";
  public static final String DLQ_SINK = "dlq-sink";
  public static final String CACHE_SINK = "parse-cache-sink";
  public static final String CACHE_SOURCE = "parse-cache-source";
  public static final String CACHE_UPDATER = "parse-cache-updater";

  static final JsonSerde<FileLineage> FILE_LINEAGE_SERDE = new JsonSerde<>(FileLineage.class);

  private TopologyFactory() {}

  public static Topology build(
      KafkaSettings kafka,
      ParserConfig config,
      Flags flags,
      LineageExtractor extractor,
      MeterRegistry registry) {
    return build(kafka, config, ProcessGuard.inert(flags), extractor, registry);
  }

  /** The topology with the guard's flags, signals, lineage checks and drill. */
  public static Topology build(
      KafkaSettings kafka,
      ParserConfig config,
      ProcessGuard guard,
      LineageExtractor extractor,
      MeterRegistry registry) {
    Flags flags = guard.flags();
    TopicNames topics = kafka.topics();
    int maxRecordBytes = kafka.limits().maxRecordBytes();
    ParserMetrics metrics = new ParserMetrics(registry);
    DeadLetters deadLetters = new DeadLetters(topics.dlq(), maxRecordBytes);
    Topology topology = new Topology();
    topology.addSource(
        SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.fileChanges());
    topology.addProcessor(
        DECODE,
        () ->
            new DecodeProcessor(
                deadLetters, metrics, DEBOUNCE, DbtTopology.REPARTITION_SINK, DLQ_SINK),
        SOURCE);
    topology.addProcessor(
        DEBOUNCE,
        () ->
            new DebounceProcessor(
                flags, metrics, config.debounceWindow(), config.punctuationInterval()),
        DECODE);
    topology.addProcessor(
        PARSE,
        () ->
            new ParseProcessor(
                guard,
                extractor,
                metrics,
                deadLetters,
                maxRecordBytes,
                DOCUMENTS_SINK,
                CACHE_SINK,
                DLQ_SINK),
        DEBOUNCE);
    topology.addSink(
        DOCUMENTS_SINK,
        topics.documents(),
        Topics.KEY_SERDE.serializer(),
        new ByteArraySerializer(),
        PARSE); // values: Topics.DOCUMENT_SERDE JSON
    topology.addSink(
        CACHE_SINK,
        config.parseCacheTopic(),
        new StringSerializer(),
        new ByteArraySerializer(),
        PARSE);
    topology.addSink(
        DLQ_SINK,
        topics.dlq(),
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        DECODE,
        PARSE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.DEBOUNCE),
            Serdes.String(),
            PendingSerde.SERDE),
        DEBOUNCE);
    // Logging off: the global store's source topic is its changelog. Its values are exactly what
    // the store holds (String key, FileLineage JSON) with the record's timestamp, which a
    // timestamped store keeps beside each value when it restores, so eviction by age survives a
    // restore.
    topology.addGlobalStore(
        Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(StoreNames.PARSE_CACHE),
                Serdes.String(),
                FILE_LINEAGE_SERDE)
            .withLoggingDisabled(),
        CACHE_SOURCE,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        config.parseCacheTopic(),
        CACHE_UPDATER,
        () -> new CacheUpdater(config.cacheMaxEntries(), config.cacheTtl(), metrics));
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.LAST_EMITTED),
            Serdes.String(),
            Serdes.String()),
        PARSE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.CACHE_SERVED),
            Serdes.String(),
            Topics.CHANGE_EVENT_SERDE),
        PARSE);
    // Files of dbt projects: repartitioned by project and rendered with it (docs/dbt.md).
    DbtTopology.add(topology, DECODE, kafka, config, flags, extractor, metrics, deadLetters);
    return topology;
  }
}
