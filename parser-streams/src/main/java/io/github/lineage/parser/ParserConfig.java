package io.github.lineage.parser;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.IngestWorkers;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the parser-streams application, read once from the environment.
 *
 * @param applicationId the Streams application id: consumer group, prefix of internal topics
 * @param stateDir where RocksDB keeps the local state stores
 * @param debounceWindow how long a key must be quiet before its last event is parsed
 * @param punctuationInterval how often the wall-clock punctuator looks for quiet keys
 * @param workers stream threads when {@code lineage.parallel} is on (else one)
 * @param blockCacheBytes the RocksDB block cache shared by every store of the process
 * @param writeBufferBytes the RocksDB memtable budget, charged to the same cache
 * @param commitInterval how often Streams commits offsets (and, under exactly-once, output)
 * @param processingGuarantee exactly-once v2 (default) or at-least-once
 * @param cacheMaxEntries parse-cache entries kept; beyond, entries are evicted
 * @param cacheTtl parse-cache entries older than this are evicted (and expire from its topic)
 */
public record ParserConfig(
    String applicationId,
    Path stateDir,
    Duration debounceWindow,
    Duration punctuationInterval,
    int workers,
    long blockCacheBytes,
    long writeBufferBytes,
    Duration commitInterval,
    ProcessingGuarantee processingGuarantee,
    long cacheMaxEntries,
    Duration cacheTtl) {

  public static final String ENV_APPLICATION_ID = "PARSER_APPLICATION_ID";
  public static final String ENV_DEBOUNCE_WINDOW_SECONDS = "DEBOUNCE_WINDOW_SECONDS";
  public static final String ENV_PUNCTUATION_INTERVAL_MS = "PARSER_PUNCTUATION_INTERVAL_MS";
  public static final String ENV_WORKERS = IngestWorkers.ENV;
  public static final String ENV_BLOCK_CACHE_MB = "ROCKSDB_BLOCK_CACHE_MB";
  public static final String ENV_WRITE_BUFFER_MB = "ROCKSDB_WRITE_BUFFER_MB";
  public static final String ENV_COMMIT_INTERVAL_MS = "PARSER_COMMIT_INTERVAL_MS";
  public static final String ENV_PROCESSING_GUARANTEE = "PROCESSING_GUARANTEE";
  public static final String ENV_CACHE_MAX_ENTRIES = "PARSE_CACHE_MAX_ENTRIES";
  public static final String ENV_CACHE_TTL_SECONDS = "PARSE_CACHE_TTL_SECONDS";

  /** ~1–2 KiB of RocksDB each: the cache stays within a few hundred MiB of disk per instance. */
  public static final long DEFAULT_CACHE_MAX_ENTRIES = 200_000;

  public static final Duration DEFAULT_CACHE_TTL = Duration.ofDays(7);

  public static final String DEFAULT_APPLICATION_ID = "lineage-parser";
  public static final Duration DEFAULT_DEBOUNCE_WINDOW = Duration.ofSeconds(2);
  public static final Duration DEFAULT_PUNCTUATION_INTERVAL = Duration.ofMillis(200);
  public static final int DEFAULT_WORKERS = IngestWorkers.DEFAULT;
  public static final int DEFAULT_BLOCK_CACHE_MB = 32;
  public static final int DEFAULT_WRITE_BUFFER_MB = 16;

  /** Under exactly-once a document is visible to the sink only at commit: keep the wait short. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  /** The Streams producer's transaction timeout under exactly-once (Kafka's producer default). */
  static final int TRANSACTION_TIMEOUT_MS = 60_000;

  /**
   * The spec allows a document to come out at most 1 s after the window: punctuate well within it.
   */
  static final Duration MAX_PUNCTUATION_INTERVAL = Duration.ofMillis(900);

  static final Duration MAX_DEBOUNCE_WINDOW = Duration.ofHours(1);
  private static final long MB = 1024L * 1024L;

  /** The Streams processing guarantees this application supports, with their config values. */
  public enum ProcessingGuarantee {
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE),
    EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2);

    private final String configValue;

    ProcessingGuarantee(String configValue) {
      this.configValue = configValue;
    }

    public String configValue() {
      return configValue;
    }

    static ProcessingGuarantee parse(String raw) {
      for (ProcessingGuarantee g : values()) {
        if (g.configValue.equals(raw.toLowerCase(Locale.ROOT))) {
          return g;
        }
      }
      throw new ConfigException(
          ENV_PROCESSING_GUARANTEE
              + " must be "
              + AT_LEAST_ONCE.configValue
              + " or "
              + EXACTLY_ONCE_V2.configValue
              + ", got '"
              + raw
              + "'");
    }
  }

  public ParserConfig {
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(debounceWindow, "debounceWindow");
    Objects.requireNonNull(punctuationInterval, "punctuationInterval");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(processingGuarantee, "processingGuarantee");
    if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException(
          ENV_APPLICATION_ID
              + " must be non-empty and use only letters, digits, '.', '_', '-', got '"
              + applicationId
              + "'");
    }
    if (debounceWindow.isNegative() || debounceWindow.compareTo(MAX_DEBOUNCE_WINDOW) > 0) {
      throw new ConfigException(
          ENV_DEBOUNCE_WINDOW_SECONDS
              + " must be between 0 and 3600 seconds, got "
              + debounceWindow);
    }
    if (punctuationInterval.toMillis() < 10
        || punctuationInterval.compareTo(MAX_PUNCTUATION_INTERVAL) > 0) {
      throw new ConfigException(
          ENV_PUNCTUATION_INTERVAL_MS
              + " must be between 10 and "
              + MAX_PUNCTUATION_INTERVAL.toMillis()
              + " ms, got "
              + punctuationInterval.toMillis());
    }
    IngestWorkers.check(workers);
    if (blockCacheBytes < MB || writeBufferBytes < MB) {
      throw new ConfigException(
          ENV_BLOCK_CACHE_MB + " and " + ENV_WRITE_BUFFER_MB + " must be at least 1");
    }
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    if (cacheMaxEntries < 1) {
      throw new ConfigException(
          ENV_CACHE_MAX_ENTRIES + " must be at least 1, got " + cacheMaxEntries);
    }
    if (cacheTtl.toSeconds() < 1) {
      throw new ConfigException(
          ENV_CACHE_TTL_SECONDS + " must be at least 1 second, got " + cacheTtl);
    }
    if (commitInterval.toMillis() < 10) {
      throw new ConfigException(
          ENV_COMMIT_INTERVAL_MS + " must be at least 10 ms, got " + commitInterval.toMillis());
    }
  }

  public static ParserConfig from(EnvReader env, LineageHome home) {
    return new ParserConfig(
        env.string(ENV_APPLICATION_ID, DEFAULT_APPLICATION_ID),
        home.streamsState(),
        env.seconds(ENV_DEBOUNCE_WINDOW_SECONDS, DEFAULT_DEBOUNCE_WINDOW),
        env.millis(ENV_PUNCTUATION_INTERVAL_MS, DEFAULT_PUNCTUATION_INTERVAL),
        IngestWorkers.from(env),
        env.integer(ENV_BLOCK_CACHE_MB, DEFAULT_BLOCK_CACHE_MB, 1, 65_536) * MB,
        env.integer(ENV_WRITE_BUFFER_MB, DEFAULT_WRITE_BUFFER_MB, 1, 65_536) * MB,
        env.millis(ENV_COMMIT_INTERVAL_MS, DEFAULT_COMMIT_INTERVAL),
        // Exactly-once by default: the debounce store's delete, the last-emitted mark and the
        // document commit together or not at all. Under at-least-once a document whose send failed
        // after the stores were written is never sent again (its input was consumed long before,
        // and the replay finds the content marked as emitted): docs/operations.md, "Processing
        // guarantee".
        env.optional(ENV_PROCESSING_GUARANTEE)
            .map(ProcessingGuarantee::parse)
            .orElse(ProcessingGuarantee.EXACTLY_ONCE_V2),
        env.longValue(ENV_CACHE_MAX_ENTRIES, DEFAULT_CACHE_MAX_ENTRIES, 1, Long.MAX_VALUE),
        env.seconds(ENV_CACHE_TTL_SECONDS, DEFAULT_CACHE_TTL));
  }

  /**
   * The compacted topic feeding the global parse-cache store ({@code <applicationId>-parse-cache}):
   * created by {@link ParserService}, shared by every instance of the application.
   */
  public String parseCacheTopic() {
    return applicationId + "-" + StoreNames.PARSE_CACHE;
  }

  /**
   * The topic the events of dbt projects are repartitioned through, by project ({@code
   * <applicationId>-dbt-projects}): created by {@link ParserService}.
   */
  public String dbtProjectsTopic() {
    return applicationId + "-dbt-projects";
  }

  /** The same settings with another state directory (tests, and wiping local state). */
  public ParserConfig withStateDir(Path dir) {
    return new ParserConfig(
        applicationId,
        dir,
        debounceWindow,
        punctuationInterval,
        workers,
        blockCacheBytes,
        writeBufferBytes,
        commitInterval,
        processingGuarantee,
        cacheMaxEntries,
        cacheTtl);
  }

  /** The Streams configuration for {@code threads} stream threads against {@code kafka}. */
  public Properties streamsProperties(KafkaSettings kafka, int threads) {
    Properties props = kafka.clientProperties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee.configValue());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
    // Record caches would hold back forwarded records; the debounce store already does the
    // batching.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
    props.put(BoundedRocksDbConfig.BLOCK_CACHE_BYTES_CONFIG, blockCacheBytes);
    props.put(BoundedRocksDbConfig.WRITE_BUFFER_BYTES_CONFIG, writeBufferBytes);
    // Bounded heap in a 512 MiB pod: smaller fetch buffers than the defaults (50 MiB per fetch).
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), 8 * 1024 * 1024);
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
        2 * 1024 * 1024);
    // Fewer, fuller produce requests: per-request broker work was a fifth of the stage's CPU at 5
    // ms, and 50 ms is small beside the debounce window.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 50);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    // The changelogs and the documents take records as large as the change events the watcher
    // publishes (one setting, RecordLimits); the producer default of 1 MiB would refuse them.
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        kafka.limits().maxRequestBytes());
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG),
        kafka.limits().producerBufferBytes());
    props.put(
        StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
        kafka.limits().maxMessageBytes());
    // Streams' exactly-once default of 10 s is shorter than one parse of a file of tens of
    // thousands of statements on a busy core: the coordinator would abort the transaction
    // mid-parse, fence the producer, and the file would be parsed again, and again. The cost of a
    // longer timeout: an instance killed mid-transaction holds read_committed readers of its
    // partitions this long.
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        TRANSACTION_TIMEOUT_MS);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, TooLargeRecordHandler.class);
    props.put(TooLargeRecordHandler.DLQ_TOPIC_CONFIG, kafka.topics().dlq());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailureHandler.class);
    props.put(ProcessingFailureHandler.MAX_VALUE_BYTES_CONFIG, kafka.limits().maxRecordBytes());
    return props;
  }
}
