package io.github.lineage.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadExceptionHandlerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldReplaceAThreadThatDiedOfATransientError() {
    var handler = new StreamThreadExceptionHandler(Clock.fixed(T0, ZoneOffset.UTC));

    assertThat(handler.handle(new StreamsException(new TimeoutException("broker slow"))))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void shouldShutDownWhenThreadsKeepDyingWithinAMinute() {
    var handler = new StreamThreadExceptionHandler(Clock.fixed(T0, ZoneOffset.UTC));
    for (int i = 0; i < StreamThreadExceptionHandler.MAX_REPLACEMENTS; i++) {
      assertThat(handler.handle(new StreamsException("again")))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    assertThat(handler.handle(new StreamsException("again")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void shouldForgetReplacementsOlderThanTheWindow() {
    var clock = new MutableClock(T0);
    var handler = new StreamThreadExceptionHandler(clock);
    for (int i = 0; i < StreamThreadExceptionHandler.MAX_REPLACEMENTS; i++) {
      handler.handle(new StreamsException("then"));
    }
    clock.now = T0.plus(StreamThreadExceptionHandler.WINDOW).plus(Duration.ofSeconds(1));
    assertThat(handler.handle(new StreamsException("now")))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void shouldShutDownOnAJvmError() {
    var handler = new StreamThreadExceptionHandler(Clock.fixed(T0, ZoneOffset.UTC));

    assertThat(handler.handle(new StreamsException(new OutOfMemoryError("heap"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
