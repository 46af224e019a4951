package io.github.lineage.sink;

import java.time.Duration;
import java.util.Objects;
import org.neo4j.driver.exceptions.RetryableException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

/**
 * How the sink answers a failed graph write; pure (no clock, no I/O). Three classes of error:
 *
 * <ul>
 *   <li><b>unavailable</b>: Neo4j unreachable or its session gone ({@link
 *       ServiceUnavailableException}, {@link SessionExpiredException} anywhere in the cause chain).
 *       An outage: retried for as long as it lasts, and never counted against {@code maxAttempts}.
 *   <li><b>transient</b>: any other {@link RetryableException} (deadlock, lock timeout, memory pool
 *       full). Retried at most {@code maxAttempts} times: a batch that still fails is split into
 *       its documents (smaller transactions may pass), a document that still fails is
 *       dead-lettered.
 *   <li><b>other</b>: anything else (a constraint, a value over an index limit). Retrying a whole
 *       batch would fail the same way, so the batch is split at once; a single document is retried
 *       up to {@code maxAttempts} times and then dead-lettered.
 * </ul>
 *
 * @param maxAttempts failed attempts, outages not counted, after which a batch is split or a
 *     document dead-lettered
 * @param initialBackoff pause after the first failure; doubles per failure up to {@code maxBackoff}
 * @param maxBackoff longest pause
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  enum ErrorClass {
    UNAVAILABLE,
    TRANSIENT,
    OTHER
  }

  /** The failures of one unit of work so far: outages apart from the bounded ones. */
  record Attempts(int unavailable, int bounded) {
    static final Attempts NONE = new Attempts(0, 0);
  }

  /**
   * What to do after a failure.
   *
   * @param retry true: wait {@code backoff} and try again; false: give up (split the batch, or
   *     dead-letter the document)
   * @param attempts the failures counted so far, this one included
   */
  record Decision(boolean retry, Duration backoff, Attempts attempts, ErrorClass error) {}

  RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
    }
  }

  static RetryPolicy of(SinkConfig config) {
    return new RetryPolicy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff());
  }

  static ErrorClass classify(Throwable error) {
    boolean retryable = false;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ServiceUnavailableException || t instanceof SessionExpiredException) {
        return ErrorClass.UNAVAILABLE;
      }
      retryable |= t instanceof RetryableException;
    }
    return retryable ? ErrorClass.TRANSIENT : ErrorClass.OTHER;
  }

  /**
   * A whole batch: outages wait, transient errors retry up to maxAttempts, anything else splits at
   * once.
   */
  Decision afterBatchFailure(Attempts before, Throwable error) {
    ErrorClass kind = classify(error);
    return switch (kind) {
      case UNAVAILABLE -> outage(before, kind);
      case TRANSIENT -> bounded(before, kind);
      case OTHER ->
          new Decision(
              false, Duration.ZERO, new Attempts(before.unavailable(), before.bounded() + 1), kind);
    };
  }

  /**
   * One document: outages wait, anything else retries up to maxAttempts, then it is dead-lettered.
   */
  Decision afterDocumentFailure(Attempts before, Throwable error) {
    ErrorClass kind = classify(error);
    return kind == ErrorClass.UNAVAILABLE ? outage(before, kind) : bounded(before, kind);
  }

  private Decision outage(Attempts before, ErrorClass kind) {
    Attempts now = new Attempts(before.unavailable() + 1, before.bounded());
    return new Decision(true, backoff(now.unavailable()), now, kind);
  }

  private Decision bounded(Attempts before, ErrorClass kind) {
    Attempts now = new Attempts(before.unavailable(), before.bounded() + 1);
    boolean retry = now.bounded() < maxAttempts;
    return new Decision(retry, retry ? backoff(now.bounded()) : Duration.ZERO, now, kind);
  }

  /** The pause after failure number {@code attempt} (counting from 1): doubling, capped. */
  Duration backoff(int attempt) {
    long millis = initialBackoff.toMillis();
    for (int i = 1; i < attempt && millis < maxBackoff.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
