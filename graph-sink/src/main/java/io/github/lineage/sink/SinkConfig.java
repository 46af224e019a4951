package io.github.lineage.sink;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.IngestWorkers;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the graph sink, read once from the environment.
 *
 * @param groupId consumer group of every sink worker and instance
 * @param batchSize documents per batched graph transaction (flag {@code neo4j-batch} on)
 * @param linger how long a partly filled batch waits for more documents
 * @param workers consumer threads when flag {@code parallel} is on (1 when off)
 * @param maxAttempts attempts of one document that fails for a non-transient reason before it is
 *     dead-lettered
 * @param initialBackoff first pause after a failed attempt; doubles up to {@code maxBackoff}
 * @param maxBackoff longest pause between attempts
 * @param pollTimeout longest wait of one consumer poll
 * @param maxPollInterval the consumer's {@code max.poll.interval.ms}: the longest a worker may go
 *     without polling before the group evicts it. A retry's backoff polls on (partitions paused),
 *     so only one write attempt (the driver's own retries included) and one batch's work must fit
 *     in it
 * @param batchMaxBytes the most document bytes one batch holds: a batch closes at {@code batchSize}
 *     documents or at this many bytes, whichever comes first, so a worker's memory stays bounded
 *     however large the documents (a batch holds at least one document)
 */
public record SinkConfig(
    String groupId,
    int batchSize,
    Duration linger,
    int workers,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration pollTimeout,
    Duration maxPollInterval,
    long batchMaxBytes) {

  public static final String ENV_GROUP_ID = "SINK_GROUP_ID";
  public static final String ENV_BATCH_SIZE = "NEO4J_BATCH_SIZE";
  public static final String ENV_BATCH_LINGER_MS = "NEO4J_BATCH_LINGER_MS";
  public static final String ENV_WORKERS = IngestWorkers.ENV;
  public static final String ENV_MAX_ATTEMPTS = "SINK_MAX_ATTEMPTS";
  public static final String ENV_BACKOFF_INITIAL_MS = "SINK_BACKOFF_INITIAL_MS";
  public static final String ENV_BACKOFF_MAX_MS = "SINK_BACKOFF_MAX_MS";
  public static final String ENV_POLL_TIMEOUT_MS = "SINK_POLL_TIMEOUT_MS";
  public static final String ENV_MAX_POLL_INTERVAL_MS = "SINK_MAX_POLL_INTERVAL_MS";
  public static final String ENV_BATCH_MAX_BYTES = "NEO4J_BATCH_MAX_BYTES";

  public static final String DEFAULT_GROUP_ID = "lineage-sink";
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(200);
  public static final int DEFAULT_WORKERS = IngestWorkers.DEFAULT;
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMillis(300_000);

  /**
   * 4 MiB of documents: ~170 documents of a generated warehouse (~24 KiB each, ~160 graph rows),
   * decoded and turned into statement rows ~25 MiB of heap per worker. docs/benchmarks.md
   * ("Memory") has the measurement that set it.
   */
  public static final long DEFAULT_BATCH_MAX_BYTES = 4L * 1024 * 1024;

  public SinkConfig {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(pollTimeout, "pollTimeout");
    Objects.requireNonNull(maxPollInterval, "maxPollInterval");
    if (groupId.isBlank()) {
      throw new ConfigException(ENV_GROUP_ID + " must not be blank");
    }
    if (batchSize < 1 || batchSize > 100_000) {
      throw new ConfigException(ENV_BATCH_SIZE + " must be between 1 and 100000, got " + batchSize);
    }
    if (linger.isNegative()) {
      throw new ConfigException(ENV_BATCH_LINGER_MS + " must be >= 0, got " + linger.toMillis());
    }
    IngestWorkers.check(workers);
    if (maxAttempts < 1) {
      throw new ConfigException(ENV_MAX_ATTEMPTS + " must be >= 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new ConfigException(
          ENV_BACKOFF_INITIAL_MS
              + " must be >= 0 and <= "
              + ENV_BACKOFF_MAX_MS
              + ", got "
              + initialBackoff.toMillis()
              + " and "
              + maxBackoff.toMillis());
    }
    if (pollTimeout.isNegative() || pollTimeout.isZero()) {
      throw new ConfigException(ENV_POLL_TIMEOUT_MS + " must be > 0");
    }
    if (maxPollInterval.toMillis() < 1 || maxPollInterval.toMillis() > Integer.MAX_VALUE) {
      throw new ConfigException(
          ENV_MAX_POLL_INTERVAL_MS
              + " must be between 1 and "
              + Integer.MAX_VALUE
              + ", got "
              + maxPollInterval.toMillis());
    }
    if (batchMaxBytes < 1024 || batchMaxBytes > 1L << 30) {
      throw new ConfigException(
          ENV_BATCH_MAX_BYTES
              + " must be between 1024 and "
              + (1L << 30)
              + ", got "
              + batchMaxBytes);
    }
  }

  public static SinkConfig defaults() {
    return new SinkConfig(
        DEFAULT_GROUP_ID,
        DEFAULT_BATCH_SIZE,
        DEFAULT_LINGER,
        DEFAULT_WORKERS,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_POLL_TIMEOUT,
        DEFAULT_MAX_POLL_INTERVAL,
        DEFAULT_BATCH_MAX_BYTES);
  }

  public static SinkConfig from(EnvReader env) {
    return new SinkConfig(
        env.string(ENV_GROUP_ID, DEFAULT_GROUP_ID),
        env.integer(ENV_BATCH_SIZE, DEFAULT_BATCH_SIZE, 1, 100_000),
        env.millis(ENV_BATCH_LINGER_MS, DEFAULT_LINGER),
        IngestWorkers.from(env),
        env.integer(ENV_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS, 1, 1_000),
        env.millis(ENV_BACKOFF_INITIAL_MS, DEFAULT_INITIAL_BACKOFF),
        env.millis(ENV_BACKOFF_MAX_MS, DEFAULT_MAX_BACKOFF),
        env.millis(ENV_POLL_TIMEOUT_MS, DEFAULT_POLL_TIMEOUT),
        env.millis(ENV_MAX_POLL_INTERVAL_MS, DEFAULT_MAX_POLL_INTERVAL),
        env.longValue(ENV_BATCH_MAX_BYTES, DEFAULT_BATCH_MAX_BYTES, 1024, 1L << 30));
  }

  public SinkConfig withGroupId(String id) {
    return new SinkConfig(
        id,
        batchSize,
        linger,
        workers,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        maxPollInterval,
        batchMaxBytes);
  }

  public SinkConfig withBatch(int size, Duration lingerTime) {
    return new SinkConfig(
        groupId,
        size,
        lingerTime,
        workers,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        maxPollInterval,
        batchMaxBytes);
  }

  public SinkConfig withWorkers(int count) {
    return new SinkConfig(
        groupId,
        batchSize,
        linger,
        count,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        maxPollInterval,
        batchMaxBytes);
  }

  public SinkConfig withRetries(int attempts, Duration initial, Duration max) {
    return new SinkConfig(
        groupId,
        batchSize,
        linger,
        workers,
        attempts,
        initial,
        max,
        pollTimeout,
        maxPollInterval,
        batchMaxBytes);
  }

  public SinkConfig withMaxPollInterval(Duration interval) {
    return new SinkConfig(
        groupId,
        batchSize,
        linger,
        workers,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        interval,
        batchMaxBytes);
  }

  public SinkConfig withBatchMaxBytes(long bytes) {
    return new SinkConfig(
        groupId,
        batchSize,
        linger,
        workers,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        pollTimeout,
        maxPollInterval,
        bytes);
  }

  /**
   * The pause before attempt {@code attempt + 1} (attempt counts from 1); see {@link
   * RetryPolicy#backoff}.
   */
  public Duration backoff(int attempt) {
    return RetryPolicy.of(this).backoff(attempt);
  }
}
