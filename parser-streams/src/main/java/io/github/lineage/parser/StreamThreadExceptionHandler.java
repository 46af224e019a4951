package io.github.lineage.parser;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a stream thread that died of an exception (a broker hiccup, a timeout): the task is
 * re-assigned and resumes from its last commit, nothing is lost. Poison records cannot cause this
 * (they go to the DLQ inside the processors), so a thread dying again and again means something is
 * broken: after {@link #MAX_REPLACEMENTS} replacements within {@link #WINDOW}, or on a JVM {@link
 * Error}, the client shuts down so the pod restarts and the failure is visible.
 */
final class StreamThreadExceptionHandler implements StreamsUncaughtExceptionHandler {

  static final int MAX_REPLACEMENTS = 5;
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(StreamThreadExceptionHandler.class);

  private final Clock clock;
  private final Deque<Long> replacements = new ArrayDeque<>();

  StreamThreadExceptionHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    if (rootCause(exception) instanceof Error error) {
      LOG.error(
          "stream thread died of {}: shutting the parser down",
          error.getClass().getName(),
          exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    long now = clock.millis();
    while (!replacements.isEmpty() && replacements.peekFirst() < now - WINDOW.toMillis()) {
      replacements.pollFirst();
    }
    if (replacements.size() >= MAX_REPLACEMENTS) {
      LOG.error(
          "stream thread died {} times within {}: shutting the parser down",
          replacements.size() + 1,
          WINDOW,
          exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    replacements.addLast(now);
    LOG.error(
        "stream thread died, replacing it (its tasks resume from the last commit)", exception);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
