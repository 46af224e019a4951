package io.github.lineage.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.FlagState;
import io.github.lineage.core.flags.Flags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-12-02T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
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

  /** Every per-file flag on for files whose name ends in an even digit: a sticky 50 % cohort. */
  static class HalfOn implements Flags {
    @Override
    public boolean isEnabled(Flag flag, String fileKey) {
      return fileKey != null && (fileKey.charAt(fileKey.length() - 1) - '0') % 2 == 0;
    }

    @Override
    public List<FlagState> describe() {
      List<FlagState> states = new ArrayList<>();
      for (Flag flag : Flag.values()) {
        states.add(new FlagState(flag, FlagState.Source.UNLEASH, 50, true));
      }
      return states;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final GuardedFlags flags = new GuardedFlags(new HalfOn());
  private final GuardSignals signals =
      new GuardSignals(flags, clock, Duration.ofMinutes(5), new SimpleMeterRegistry());

  private static GuardRule failureRule(Duration forDuration) {
    return new GuardRule(
        "cache-failures",
        java.util.Optional.of(Flag.PARSE_CACHE),
        GuardRule.Signal.FAILURE_RATE,
        GuardRule.Compare.COHORT,
        0.10,
        forDuration,
        GuardRule.Action.DISABLE_FLAG,
        Duration.ofSeconds(30),
        10);
  }

  /** One second of traffic: 20 files, the on-cohort's failing when {@code onFails}. */
  private void second(boolean onFails) {
    for (int i = 0; i < 20; i++) {
      String key = "wh:file" + i;
      if (onFails && flags.isEnabled(Flag.PARSE_CACHE, key)) {
        signals.failed(key);
      } else {
        signals.processed(key);
      }
    }
    clock.advance(Duration.ofSeconds(1));
  }

  @Test
  void firesOnlyAfterTheBreachHeldForItsDuration() {
    RuleEvaluator evaluator =
        new RuleEvaluator(List.of(failureRule(Duration.ofSeconds(10))), signals);
    second(true);
    assertThat(evaluator.evaluate()).isEmpty(); // pending from now
    for (int i = 0; i < 9; i++) {
      second(true);
      assertThat(evaluator.evaluate()).as("second %d", i).isEmpty();
    }
    second(true);
    List<RuleEvaluator.Firing> firings = evaluator.evaluate();
    assertThat(firings).hasSize(1);
    assertThat(firings.get(0).value()).isEqualTo(1.0); // on-cohort 100 % failed, off-cohort 0 %
    second(true);
    assertThat(evaluator.evaluate()).as("a rule fires once").isEmpty();
  }

  @Test
  void aBreachThatEndsBeforeItsDurationResetsTheRule() {
    RuleEvaluator evaluator =
        new RuleEvaluator(List.of(failureRule(Duration.ofSeconds(5))), signals);
    for (int i = 0; i < 4; i++) {
      second(true);
      assertThat(evaluator.evaluate()).isEmpty();
    }
    clock.advance(Duration.ofSeconds(40)); // the window empties: too few samples, no value
    assertThat(evaluator.evaluate()).isEmpty();
    for (int i = 0; i < 5; i++) {
      second(true);
      assertThat(evaluator.evaluate()).isEmpty();
    }
    second(true);
    assertThat(evaluator.evaluate()).hasSize(1);
  }

  @Test
  void equalFailureInBothCohortsIsNoCohortBreach() {
    RuleEvaluator evaluator = new RuleEvaluator(List.of(failureRule(Duration.ZERO)), signals);
    for (int s = 0; s < 5; s++) {
      for (int i = 0; i < 20; i++) {
        if (i % 4 < 2) {
          signals.failed("wh:file" + i);
        } else {
          signals.processed("wh:file" + i);
        }
      }
      clock.advance(Duration.ofSeconds(1));
      assertThat(evaluator.evaluate()).isEmpty();
    }
  }

  @Test
  void healthyTrafficNeverFires() {
    RuleEvaluator evaluator = new RuleEvaluator(List.of(failureRule(Duration.ZERO)), signals);
    for (int s = 0; s < 100; s++) {
      second(false);
      assertThat(evaluator.evaluate()).isEmpty();
    }
  }

  @Test
  void mismatchOfSampledOnCohortFilesFiresAndTheGuardSwitchesTheFlagOff() {
    GuardRule rule =
        new GuardRule(
            "cache-mismatch",
            java.util.Optional.of(Flag.PARSE_CACHE),
            GuardRule.Signal.LINEAGE_MISMATCH,
            GuardRule.Compare.COHORT,
            0.01,
            Duration.ofSeconds(2),
            GuardRule.Action.DISABLE_FLAG,
            Duration.ofSeconds(30),
            1);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Guard guard =
        new Guard(
            List.of(rule),
            flags,
            signals,
            java.util.Optional.empty(),
            new RollbackLog(
                java.nio.file.Path.of(
                    System.getProperty("java.io.tmpdir"),
                    "guard-test-" + System.nanoTime(),
                    "rollbacks.jsonl")),
            java.util.Optional.empty(),
            "test-instance",
            registry);
    assertThat(flags.isEnabled(Flag.PARSE_CACHE, "wh:file2")).isTrue();
    List<RollbackRecord> done = List.of();
    for (int s = 0; s < 4 && done.isEmpty(); s++) {
      signals.lineageChecked(Flag.PARSE_CACHE, "wh:file2", true);
      clock.advance(Duration.ofSeconds(1));
      done = guard.tick();
    }
    assertThat(done)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.flag()).isEqualTo("lineage.parse-cache");
              assertThat(r.rule()).isEqualTo("cache-mismatch");
              assertThat(r.unleashDisabled()).isFalse();
            });
    assertThat(flags.isEnabled(Flag.PARSE_CACHE, "wh:file2")).isFalse();
    assertThat(flags.state(Flag.PARSE_CACHE).enabled()).isFalse();
    assertThat(
            registry
                .get(Guard.ROLLBACKS)
                .tag("flag", "lineage.parse-cache")
                .tag("rule", "cache-mismatch")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(registry.get(Guard.ROLLBACK_TIMESTAMP).gauge().value())
        .isEqualTo(clock.instant().getEpochSecond());
  }

  @Test
  void anEnabledLineInTheRollbackLogLiftsTheOverrideAndTheRuleWatchesAgain() {
    GuardRule rule =
        new GuardRule(
            "cache-mismatch",
            java.util.Optional.of(Flag.PARSE_CACHE),
            GuardRule.Signal.LINEAGE_MISMATCH,
            GuardRule.Compare.COHORT,
            0.0,
            Duration.ZERO,
            GuardRule.Action.DISABLE_FLAG,
            Duration.ofSeconds(5),
            1);
    RollbackLog log =
        new RollbackLog(
            java.nio.file.Path.of(
                System.getProperty("java.io.tmpdir"),
                "guard-test-" + System.nanoTime(),
                "rollbacks.jsonl"));
    Guard guard =
        new Guard(
            List.of(rule),
            flags,
            signals,
            java.util.Optional.empty(),
            log,
            java.util.Optional.empty(),
            "test-instance",
            new SimpleMeterRegistry());
    signals.lineageChecked(Flag.PARSE_CACHE, "wh:file2", true);
    assertThat(guard.tick()).hasSize(1);
    assertThat(log.inForce("lineage.parse-cache")).isPresent();
    assertThat(flags.isEnabled(Flag.PARSE_CACHE, "wh:file2")).isFalse();
    // What `lineage flags enable lineage.parse-cache` writes.
    log.append(
        new RollbackRecord(
            "lineage.parse-cache",
            "-",
            "-",
            "-",
            0,
            0,
            RollbackLog.ENABLED,
            clock.instant(),
            "cli",
            false));
    clock.advance(Duration.ofSeconds(10));
    assertThat(guard.tick()).isEmpty();
    assertThat(flags.isEnabled(Flag.PARSE_CACHE, "wh:file2")).isTrue();
    signals.lineageChecked(Flag.PARSE_CACHE, "wh:file2", true);
    assertThat(guard.tick()).as("re-armed: a new mismatch fires again").hasSize(1);
  }

  @Test
  void theToggleTurnedBackOnAtTheFlagServerAfterItWentOffLiftsTheOverride() {
    final boolean[] serverOn = {true};
    GuardedFlags guarded =
        new GuardedFlags(
            new HalfOn() {
              @Override
              public List<FlagState> describe() {
                List<FlagState> states = new ArrayList<>();
                for (FlagState state : super.describe()) {
                  states.add(new FlagState(state.flag(), state.source(), 50, serverOn[0]));
                }
                return states;
              }
            });
    guarded.disable(Flag.PARSE_CACHE);
    assertThat(guarded.liftReEnabled()).as("the server has not shown it off yet").isEmpty();
    serverOn[0] = false;
    assertThat(guarded.liftReEnabled()).isEmpty();
    assertThat(guarded.overridden(Flag.PARSE_CACHE)).isTrue();
    serverOn[0] = true;
    assertThat(guarded.liftReEnabled()).containsExactly(Flag.PARSE_CACHE);
    assertThat(guarded.overridden(Flag.PARSE_CACHE)).isFalse();
  }
}
