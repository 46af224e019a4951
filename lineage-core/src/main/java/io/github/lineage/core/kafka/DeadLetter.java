package io.github.lineage.core.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A dead letter: the original key and value bytes, untouched, with headers naming the stage, the
 * error and the attempt count, and where the record came from, so that {@code lineage dlq replay}
 * can re-drive it to its original topic.
 */
public record DeadLetter(
    Stage stage,
    String originalTopic,
    int originalPartition,
    long originalOffset,
    byte[] key,
    byte[] value,
    /**
     * The {@link DeadLetterReason#code()}; a string, since a letter may come from another version.
     */
    String reason,
    String errorClass,
    String errorMessage,
    int attempts,
    Instant failedAt) {

  /** Where in the pipeline a record failed. */
  public enum Stage {
    WATCHER,
    PARSER,
    SINK
  }

  public static final String H_STAGE = "lineage.dlq.stage";

  /** Short machine-readable reason: a {@link DeadLetterReason#code()}. */
  public static final String H_REASON = "lineage.dlq.reason";

  public static final String H_ERROR_CLASS = "lineage.dlq.error.class";
  public static final String H_ERROR_MESSAGE = "lineage.dlq.error.message";
  public static final String H_ATTEMPTS = "lineage.dlq.attempts";
  public static final String H_ORIGINAL_TOPIC = "lineage.dlq.original.topic";
  public static final String H_ORIGINAL_PARTITION = "lineage.dlq.original.partition";
  public static final String H_ORIGINAL_OFFSET = "lineage.dlq.original.offset";
  public static final String H_FAILED_AT = "lineage.dlq.failed.at";

  /**
   * {@code reference} when the original value was too large for the letter to carry it: the value
   * is then a small JSON reference (original size and sha256) instead of the original bytes.
   */
  public static final String H_VALUE = "lineage.dlq.value";

  public static final String VALUE_REFERENCE = "reference";

  /** Error texts are cut here so that a letter's headers stay small. */
  static final int MAX_ERROR_MESSAGE_CHARS = 2_000;

  public DeadLetter {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(failedAt, "failedAt");
  }

  /** A dead letter for a failure with an exception. */
  public static DeadLetter of(
      Stage stage,
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      DeadLetterReason reason,
      Throwable error,
      int attempts) {
    return new DeadLetter(
        stage,
        topic,
        partition,
        offset,
        key,
        value,
        reason.code(),
        error == null ? null : error.getClass().getName(),
        error == null ? null : String.valueOf(error.getMessage()),
        attempts,
        Instant.now());
  }

  /** A dead letter for a record rejected before it reached a topic (the watcher's case). */
  public static DeadLetter rejected(
      Stage stage, byte[] key, byte[] value, DeadLetterReason reason, String message) {
    return new DeadLetter(
        stage, null, -1, -1, key, value, reason.code(), null, message, 1, Instant.now());
  }

  public ProducerRecord<byte[], byte[]> toRecord(String dlqTopic) {
    return toRecord(dlqTopic, Integer.MAX_VALUE);
  }

  /**
   * The letter as a record whose value is at most {@code maxValueBytes}: a larger original value is
   * replaced by a reference to it ({@link #H_VALUE}), so the letter itself can always be sent.
   */
  public ProducerRecord<byte[], byte[]> toRecord(String dlqTopic, int maxValueBytes) {
    Headers headers = new RecordHeaders();
    put(headers, H_STAGE, stage.name());
    put(headers, H_REASON, reason);
    put(headers, H_ERROR_CLASS, errorClass);
    put(
        headers,
        H_ERROR_MESSAGE,
        errorMessage == null || errorMessage.length() <= MAX_ERROR_MESSAGE_CHARS
            ? errorMessage
            : errorMessage.substring(0, MAX_ERROR_MESSAGE_CHARS) + "…");
    put(headers, H_ATTEMPTS, Integer.toString(attempts));
    put(headers, H_ORIGINAL_TOPIC, originalTopic);
    if (originalPartition >= 0) {
      put(headers, H_ORIGINAL_PARTITION, Integer.toString(originalPartition));
      put(headers, H_ORIGINAL_OFFSET, Long.toString(originalOffset));
    }
    put(headers, H_FAILED_AT, failedAt.toString());
    byte[] carried = value;
    if (value != null && value.length > maxValueBytes) {
      put(headers, H_VALUE, VALUE_REFERENCE);
      carried = reference(value).getBytes(StandardCharsets.UTF_8);
    }
    return new ProducerRecord<>(dlqTopic, null, key, carried, headers);
  }

  private static String reference(byte[] value) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(value);
      return "{\"reference\": true, \"bytes\": "
          + value.length
          + ", \"sha256\": \""
          + java.util.HexFormat.of().formatHex(digest)
          + "\"}";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Reads a dead letter back from a record consumed off the DLQ topic. */
  public static DeadLetter fromHeaders(Headers headers, byte[] key, byte[] value) {
    String partition = get(headers, H_ORIGINAL_PARTITION);
    String offset = get(headers, H_ORIGINAL_OFFSET);
    String attempts = get(headers, H_ATTEMPTS);
    String failedAt = get(headers, H_FAILED_AT);
    String stage = get(headers, H_STAGE);
    String reason = get(headers, H_REASON);
    return new DeadLetter(
        stage == null ? Stage.SINK : Stage.valueOf(stage),
        get(headers, H_ORIGINAL_TOPIC),
        partition == null ? -1 : Integer.parseInt(partition),
        offset == null ? -1 : Long.parseLong(offset),
        key,
        value,
        reason == null ? "unknown" : reason,
        get(headers, H_ERROR_CLASS),
        get(headers, H_ERROR_MESSAGE),
        attempts == null ? 1 : Integer.parseInt(attempts),
        failedAt == null ? Instant.EPOCH : Instant.parse(failedAt));
  }

  private static void put(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String get(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
