package io.github.lineage.core.kafka;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a record went to the dead-letter topic, for every stage: {@link #code()} is the value of the
 * {@link DeadLetter#H_REASON} header and of the {@code reason} tag of {@code files_failed_total}.
 * The codes are part of the operators' interface (alerts, {@code lineage dlq list --reason}): add
 * new ones, never rename.
 */
public enum DeadLetterReason {
  /** Larger than the watcher's limit or than the broker accepts (watcher, parser). */
  TOO_LARGE("too_large"),
  /** Contains NUL bytes: binary, or UTF-16 text, which this pipeline does not read (watcher). */
  BINARY("binary"),
  /** Not decodable as UTF-8 (watcher). */
  INVALID_UTF8("invalid_utf8"),
  /** Exists but cannot be read: permissions, an I/O error (watcher). */
  UNREADABLE("unreadable"),
  /** A path that cannot form a key, e.g. one containing a backslash (watcher). */
  UNSUPPORTED_PATH("unsupported_path"),
  /** A record that does not decode as the event or document it should be (parser, sink). */
  MALFORMED("malformed"),
  /** A document that decodes but breaks its own invariants (sink). */
  INVALID("invalid"),
  /** The lineage engine threw on a file instead of reporting statement errors (parser). */
  EXTRACTOR("extractor"),
  /** An exception no processor handled, caught by Kafka Streams' processing handler (parser). */
  PROCESSING("processing"),
  /** Neo4j refused the document's write for a reason retries did not cure (sink). */
  WRITE_FAILED("write_failed");

  private final String code;

  DeadLetterReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The reason of a header value; empty for a code this version does not know. */
  public static Optional<DeadLetterReason> fromCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }

  @Override
  public String toString() {
    return code;
  }
}
