package io.github.lineage.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.StatementLineage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessGuardTest {

  @TempDir Path tmp;

  private ProcessGuard start(Map<String, String> env, Flags flags) {
    return ProcessGuard.start(
        new EnvReader(env),
        new LineageHome(tmp.resolve("home")),
        flags,
        "test",
        new SimpleMeterRegistry());
  }

  @Test
  void aBadRulesFileIsOneLineNamingTheFileTheRuleAndTheKey() throws Exception {
    Path rules =
        Files.writeString(
            tmp.resolve("rules.yml"),
            """
        rules:
          - name: slow-cache
            flag: lineage.parse-cache
            signal: failure_rate
            compare: cohort
            threshold: 0.1
            for: soon
            action: disable_flag
        """);
    assertThatThrownBy(() -> start(Map.of(GuardRules.ENV, rules.toString()), StaticFlags.allOn()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(GuardRules.ENV)
        .hasMessageContaining(rules.toString())
        .hasMessageContaining("rule 'slow-cache'")
        .hasMessageContaining("'for'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aRuleTheGuardCannotEvaluateIsRefusedAtStart() throws Exception {
    Path rules =
        Files.writeString(
            tmp.resolve("rules.yml"),
            """
        rules:
          - name: parallel-failures
            flag: lineage.parallel
            signal: failure_rate
            compare: cohort
            threshold: 0.1
            for: 10s
            action: disable_flag
        """);
    assertThatThrownBy(() -> start(Map.of(GuardRules.ENV, rules.toString()), StaticFlags.allOn()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(rules.toString())
        .hasMessageContaining("parallel-failures")
        .hasMessageContaining("per instance");
  }

  @Test
  void aMissingRulesFileIsAStartUpError() {
    Path missing = tmp.resolve("nope.yml");
    assertThatThrownBy(() -> start(Map.of(GuardRules.ENV, missing.toString()), StaticFlags.allOn()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(GuardRules.ENV)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void badDrillAndSampleSettingsAreStartUpErrors() {
    assertThatThrownBy(
            () -> start(Map.of(Drill.ENV, "lineage.parse-cache:explode"), StaticFlags.allOn()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(Drill.ENV)
        .hasMessageContaining("explode");
    assertThatThrownBy(() -> start(Map.of(Drill.ENV, "lineage.nope:fail"), StaticFlags.allOn()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown flag 'lineage.nope'");
    assertThatThrownBy(() -> start(Map.of(Drill.ENV, "lineage.parallel:fail"), StaticFlags.allOn()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("per instance");
    assertThatThrownBy(
            () -> start(Map.of(Drill.ENV, "lineage.debounce:corrupt"), StaticFlags.allOn()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("corrupt applies to lineage.parse-cache only");
    assertThatThrownBy(() -> start(Map.of(ProcessGuard.SAMPLE_ENV, "5%"), StaticFlags.allOn()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ProcessGuard.SAMPLE_ENV);
    assertThatThrownBy(() -> start(Map.of(ProcessGuard.SAMPLE_ENV, "1.5"), StaticFlags.allOn()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("between 0 and 1");
  }

  @Test
  void withoutARulesFileNothingIsEvaluatedButTheSignalsAreCounted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ProcessGuard guard =
        ProcessGuard.start(
            new EnvReader(Map.of()), new LineageHome(tmp), StaticFlags.allOn(), "test", registry)) {
      assertThat(guard.active()).isFalse();
      assertThat(guard.sampleShare()).isEqualTo(ProcessGuard.DEFAULT_SAMPLE);
      guard.signals().failed("wh:a.sql");
      assertThat(guard.evaluateNow()).isEmpty();
      assertThat(
              registry
                  .get(GuardSignals.COHORT_FILES)
                  .tag("cohort", "on")
                  .tag("outcome", "failed")
                  .counter()
                  .count())
          .isEqualTo(1);
    }
  }

  @Test
  void theDrillHitsOnlyTheOnCohortOfItsFlag() {
    Map<String, String> env = new HashMap<>(Map.of(Drill.ENV, "lineage.parse-cache:fail"));
    try (ProcessGuard on = start(env, StaticFlags.allOn());
        ProcessGuard off = start(env, StaticFlags.allOff())) {
      assertThat(on.drills(Drill.Mode.FAIL, "wh:a.sql")).isTrue();
      assertThat(on.drills(Drill.Mode.CORRUPT, "wh:a.sql")).isFalse();
      assertThat(off.drills(Drill.Mode.FAIL, "wh:a.sql")).isFalse();
      on.flags().disable(Flag.PARSE_CACHE);
      assertThat(on.drills(Drill.Mode.FAIL, "wh:a.sql")).as("rolled back: no longer on").isFalse();
    }
  }

  @Test
  void theCorruptDrillDropsTheFirstStatementsLineage() {
    StatementLineage first =
        new StatementLineage(0, 1, "INSERT", List.of("raw.a"), List.of("mart.t"), List.of());
    StatementLineage second =
        new StatementLineage(1, 2, "INSERT", List.of("raw.b"), List.of("mart.u"), List.of());
    FileLineage lineage = new FileLineage("a.sql", "sha", List.of(first, second), List.of());
    assertThat(Drill.corrupt(lineage).statements()).containsExactly(second);
  }

  @Test
  void aLagRuleReadsTheStagesQueueSizeGauges() throws Exception {
    Path rules =
        Files.writeString(
            tmp.resolve("rules.yml"),
            """
        rules:
          - name: lagging
            flag: all
            signal: lag
            compare: absolute
            threshold: 1000
            for: 0s
            action: disable_all
        """);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    java.util.concurrent.atomic.AtomicLong lag = new java.util.concurrent.atomic.AtomicLong(10);
    io.micrometer.core.instrument.Gauge.builder(
            io.github.lineage.core.metrics.MetricNames.QUEUE_SIZE,
            lag,
            java.util.concurrent.atomic.AtomicLong::get)
        .tag("stage", "sink")
        .register(registry);
    try (ProcessGuard guard =
        ProcessGuard.start(
            new EnvReader(Map.of(GuardRules.ENV, rules.toString())),
            new LineageHome(tmp.resolve("home")),
            StaticFlags.allOn(),
            "test",
            registry)) {
      assertThat(guard.evaluateNow()).isEmpty();
      lag.set(5000);
      // The guard's own evaluation (every second) or this one, whichever comes first.
      guard.evaluateNow();
      assertThat(guard.rollbackLog().orElseThrow().inForce().keySet())
          .contains("lineage.parse-cache", "lineage.debounce", "lineage.neo4j-batch");
      assertThat(guard.flags().isEnabled(Flag.PARSE_CACHE, "wh:a.sql")).isFalse();
    }
  }
}
