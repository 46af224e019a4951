package io.github.lineage.core.kafka;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;

/**
 * Every size limit of the pipeline, derived from one setting: the largest file the watcher accepts.
 * Producers, topics and the Streams changelogs all take their limits from here, so a file the
 * watcher accepts can never be refused further down (docs/operations.md, "Sizes").
 *
 * <p>A change event carries the file as a JSON string: at most about twice its bytes once escaped
 * (quotes, backslashes, newlines), plus the event's other fields. A document or a cache entry
 * larger than {@link #maxRecordBytes()} is dead-lettered by the stage that made it.
 *
 * @param maxFileBytes the largest file the watcher publishes; larger ones are dead-lettered
 */
public record RecordLimits(long maxFileBytes) {

  public static final String ENV_MAX_FILE_BYTES = "MAX_FILE_BYTES";

  /** The name this setting had when only the watcher read it; still accepted. */
  public static final String ENV_MAX_FILE_BYTES_LEGACY = "WATCH_MAX_FILE_BYTES";

  public static final long DEFAULT_MAX_FILE_BYTES = 10L * 1024 * 1024;

  /** Kafka's own default limits, the floor of every derived limit. */
  static final int KAFKA_DEFAULT_BYTES = 1024 * 1024;

  /** Key, headers (a dead letter's error text) and batch framing on top of a value. */
  static final int ENVELOPE_BYTES = 64 * 1024;

  /** Files up to 512 MiB: their records stay well within Kafka's int-sized limits. */
  static final long MAX_SETTING = 512L * 1024 * 1024;

  public RecordLimits {
    if (maxFileBytes < 1 || maxFileBytes > MAX_SETTING) {
      throw new ConfigException(
          ENV_MAX_FILE_BYTES + " must be between 1 and " + MAX_SETTING + ", got " + maxFileBytes);
    }
  }

  public static RecordLimits defaults() {
    return new RecordLimits(DEFAULT_MAX_FILE_BYTES);
  }

  public static RecordLimits from(EnvReader env) {
    String name =
        env.optional(ENV_MAX_FILE_BYTES).isPresent()
            ? ENV_MAX_FILE_BYTES
            : ENV_MAX_FILE_BYTES_LEGACY;
    return new RecordLimits(env.longValue(name, DEFAULT_MAX_FILE_BYTES, 1, MAX_SETTING));
  }

  /** The largest value a stage sends: a change event of the largest file, a document, a letter. */
  public int maxRecordBytes() {
    return (int) Math.max(KAFKA_DEFAULT_BYTES - ENVELOPE_BYTES, 2 * maxFileBytes + ENVELOPE_BYTES);
  }

  /** Producer {@code max.request.size}: the largest record with its key and headers. */
  public int maxRequestBytes() {
    return maxRecordBytes() + ENVELOPE_BYTES;
  }

  /** Topic {@code max.message.bytes} of every topic a stage writes, changelogs included. */
  public int maxMessageBytes() {
    return maxRequestBytes();
  }

  /** Producer {@code buffer.memory}: room for two of the largest records at once. */
  public long producerBufferBytes() {
    return Math.max(32L * 1024 * 1024, 2L * maxRequestBytes());
  }
}
