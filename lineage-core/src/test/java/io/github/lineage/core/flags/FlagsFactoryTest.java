package io.github.lineage.core.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsFactoryTest {

  private static final int KEYS = 10_000;

  @TempDir Path dir;

  private Flags offline(TestToggles toggles, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put(
        UnleashSettings.BOOTSTRAP_FILE,
        toggles.writeTo(dir.resolve("bootstrap-" + System.nanoTime() + ".json")).toString());
    return FlagsFactory.create(new EnvReader(env), "instance-1");
  }

  private static BitSet enabledKeys(Flags flags, Flag flag) {
    BitSet on = new BitSet(KEYS);
    for (int i = 0; i < KEYS; i++) {
      if (flags.isEnabled(flag, fileKey(i))) {
        on.set(i);
      }
    }
    return on;
  }

  private static String fileKey(int i) {
    return "warehouse:models/mart/model_" + i + ".sql";
  }

  @Test
  void shouldEnableEveryFlagFromTheShippedBootstrapWithoutAServer() {
    try (Flags flags = FlagsFactory.create(new EnvReader(Map.of()), "instance-1")) {
      assertThat(flags.describe())
          .hasSize(Flag.values().length)
          .allSatisfy(
              state -> {
                assertThat(state.source()).isEqualTo(FlagState.Source.BOOTSTRAP);
                assertThat(state.rolloutPercent()).isEqualTo(100);
                assertThat(state.enabled()).isTrue();
              });
      assertThat(enabledKeys(flags, Flag.PARSE_CACHE).cardinality()).isEqualTo(KEYS);
      assertThat(flags.isEnabled(Flag.PARALLEL)).isTrue();
      assertThat(flags.isEnabled(Flag.METRICS)).isTrue();
    }
  }

  @Test
  void shouldEnableAQuarterOfFilesAtTwentyFivePercentAndTheSameOnesEveryTime() {
    BitSet first;
    try (Flags flags = offline(TestToggles.allAt(100).rollout(Flag.PARSE_CACHE, 25), Map.of())) {
      first = enabledKeys(flags, Flag.PARSE_CACHE);
      assertThat(enabledKeys(flags, Flag.PARSE_CACHE)).isEqualTo(first);
      assertThat(flags.state(Flag.PARSE_CACHE).rolloutPercent()).isEqualTo(25);
      assertThat(flags.state(Flag.PARSE_CACHE).enabled()).isTrue();
    }
    assertThat(first.cardinality()).isBetween(KEYS * 23 / 100, KEYS * 27 / 100);
    try (Flags again = offline(TestToggles.allAt(100).rollout(Flag.PARSE_CACHE, 25), Map.of())) {
      assertThat(enabledKeys(again, Flag.PARSE_CACHE)).isEqualTo(first);
    }
  }

  @Test
  void shouldRollOutEachPerFileFlagIndependently() {
    try (Flags flags =
        offline(
            TestToggles.allAt(100).rollout(Flag.PARSE_CACHE, 50).rollout(Flag.DEBOUNCE, 50),
            Map.of())) {
      BitSet cache = enabledKeys(flags, Flag.PARSE_CACHE);
      BitSet debounce = enabledKeys(flags, Flag.DEBOUNCE);
      // Each toggle hashes with its own groupId, so the two halves are not the same files.
      assertThat(cache).isNotEqualTo(debounce);
      assertThat(debounce.cardinality()).isBetween(KEYS * 47 / 100, KEYS * 53 / 100);
    }
  }

  @Test
  void shouldEnableNoFileAtZeroPercentAndEveryFileAtHundred() {
    try (Flags flags =
        offline(
            TestToggles.allAt(100).rollout(Flag.PARSE_CACHE, 0).rollout(Flag.NEO4J_BATCH, 100),
            Map.of())) {
      assertThat(enabledKeys(flags, Flag.PARSE_CACHE).cardinality()).isZero();
      assertThat(enabledKeys(flags, Flag.NEO4J_BATCH).cardinality()).isEqualTo(KEYS);
      assertThat(flags.isEnabled(Flag.PARSE_CACHE)).as("on for no file at all").isFalse();
      assertThat(flags.isEnabled(Flag.NEO4J_BATCH)).as("on for some file").isTrue();
      assertThat(flags.state(Flag.PARSE_CACHE).enabled()).isFalse();
    }
  }

  @Test
  void shouldTreatADisabledToggleAsOffWhateverItsRollout() {
    try (Flags flags =
        offline(TestToggles.allAt(100).disabled(Flag.DEBOUNCE).disabled(Flag.METRICS), Map.of())) {
      assertThat(enabledKeys(flags, Flag.DEBOUNCE).cardinality()).isZero();
      assertThat(flags.isEnabled(Flag.METRICS)).isFalse();
      assertThat(flags.state(Flag.DEBOUNCE))
          .isEqualTo(new FlagState(Flag.DEBOUNCE, FlagState.Source.BOOTSTRAP, 100, false));
    }
  }

  @Test
  void shouldRollOutPerInstanceFlagsOverInstanceIds() {
    Path bootstrap =
        TestToggles.allAt(100).rollout(Flag.PARALLEL, 50).writeTo(dir.resolve("half.json"));
    EnvReader env = new EnvReader(Map.of(UnleashSettings.BOOTSTRAP_FILE, bootstrap.toString()));
    int on = 0;
    int instances = 100;
    for (int i = 0; i < instances; i++) {
      try (Flags first = FlagsFactory.create(env, "sink-" + i);
          Flags second = FlagsFactory.create(env, "sink-" + i)) {
        boolean enabled = first.isEnabled(Flag.PARALLEL);
        assertThat(second.isEnabled(Flag.PARALLEL))
            .as("same instance, same answer")
            .isEqualTo(enabled);
        assertThat(first.isEnabled(Flag.PARALLEL, fileKey(i)))
            .as("the file key is ignored")
            .isEqualTo(enabled);
        on += enabled ? 1 : 0;
      }
    }
    assertThat(on).isBetween(instances / 4, instances * 3 / 4);
  }

  @Test
  void shouldLetKillSwitchesWinOverTheBootstrap() {
    try (Flags flags =
        offline(
            TestToggles.allAt(100).rollout(Flag.DEBOUNCE, 0).disabled(Flag.METRICS),
            Map.of(
                "FEATURE_PARSE_CACHE",
                "false",
                "FEATURE_DEBOUNCE",
                "true",
                "FEATURE_METRICS",
                "TRUE"))) {
      assertThat(enabledKeys(flags, Flag.PARSE_CACHE).cardinality()).isZero();
      assertThat(enabledKeys(flags, Flag.DEBOUNCE).cardinality()).isEqualTo(KEYS);
      assertThat(flags.isEnabled(Flag.METRICS)).isTrue();
      assertThat(flags.state(Flag.PARSE_CACHE))
          .isEqualTo(new FlagState(Flag.PARSE_CACHE, FlagState.Source.ENV, 0, false));
      assertThat(flags.state(Flag.DEBOUNCE))
          .isEqualTo(new FlagState(Flag.DEBOUNCE, FlagState.Source.ENV, 100, true));
      assertThat(flags.state(Flag.NEO4J_BATCH).source()).isEqualTo(FlagState.Source.BOOTSTRAP);
    }
  }

  @Test
  void shouldDescribeEachFlagWithItsSource() {
    try (Flags flags =
        offline(
            TestToggles.allAt(100).rollout(Flag.NEO4J_BATCH, 10).without(Flag.PARALLEL),
            Map.of("FEATURE_METRICS", "false"))) {
      assertThat(flags.describe())
          .containsExactly(
              new FlagState(Flag.PARSE_CACHE, FlagState.Source.BOOTSTRAP, 100, true),
              new FlagState(Flag.DEBOUNCE, FlagState.Source.BOOTSTRAP, 100, true),
              new FlagState(Flag.NEO4J_BATCH, FlagState.Source.BOOTSTRAP, 10, true),
              new FlagState(Flag.PARALLEL, FlagState.Source.DEFAULT, -1, false),
              new FlagState(Flag.METRICS, FlagState.Source.ENV, 0, false));
      assertThat(flags.isEnabled(Flag.PARALLEL)).as("a toggle the file lacks is off").isFalse();
    }
  }

  @Test
  void shouldRejectAnInvalidKillSwitchValueNamingTheVariable() {
    assertThatThrownBy(
            () -> FlagsFactory.create(new EnvReader(Map.of("FEATURE_NEO4J_BATCH", "maybe")), "i"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("FEATURE_NEO4J_BATCH")
        .hasMessageContaining("maybe");
  }

  @Test
  void shouldRejectABootstrapFileThatIsNotUnleashJson() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"features\": [ {\"name\": ");
    assertThatThrownBy(
            () ->
                FlagsFactory.create(
                    new EnvReader(Map.of(UnleashSettings.BOOTSTRAP_FILE, broken.toString())), "i"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(broken.toString())
        .hasMessageContaining("not valid JSON");
    Path wrongShape = Files.writeString(dir.resolve("shape.json"), "{\"toggles\": []}");
    assertThatThrownBy(
            () ->
                FlagsFactory.create(
                    new EnvReader(Map.of(UnleashSettings.BOOTSTRAP_FILE, wrongShape.toString())),
                    "i"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("features");
  }

  @Test
  void shouldRejectAMissingBootstrapFile() {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(
            () ->
                FlagsFactory.create(
                    new EnvReader(Map.of(UnleashSettings.BOOTSTRAP_FILE, missing.toString())), "i"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(UnleashSettings.BOOTSTRAP_FILE)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void shouldRejectInvalidUnleashSettings() {
    assertThatThrownBy(
            () ->
                FlagsFactory.create(
                    new EnvReader(Map.of(UnleashSettings.URL, "unleash:4242")), "i"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(UnleashSettings.URL);
    assertThatThrownBy(
            () ->
                FlagsFactory.create(
                    new EnvReader(Map.of(UnleashSettings.FETCH_INTERVAL_SECONDS, "0")), "i"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(UnleashSettings.FETCH_INTERVAL_SECONDS);
    assertThatThrownBy(
            () ->
                FlagsFactory.create(
                    new EnvReader(Map.of(UnleashSettings.FETCH_INTERVAL_SECONDS, "soon")), "i"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(UnleashSettings.FETCH_INTERVAL_SECONDS);
  }
}
