package io.github.lineage.core.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lineage.batching} became {@code lineage.debounce}: a bootstrap file or kill switch that
 * still has the old name keeps working, through the real offline path, until the new name is there.
 */
class RenamedFlagTest {

  private static final int KEYS = 2_000;

  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private Flags offline(TestToggles toggles, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put(
        UnleashSettings.BOOTSTRAP_FILE,
        toggles.writeTo(dir.resolve("bootstrap-" + System.nanoTime() + ".json")).toString());
    return FlagsFactory.create(
        new EnvReader(env), "instance-1", RenamedFlags.warningTo(warnings::add));
  }

  private static int enabledFiles(Flags flags) {
    int on = 0;
    for (int i = 0; i < KEYS; i++) {
      on += flags.isEnabled(Flag.DEBOUNCE, "warehouse:models/m_" + i + ".sql") ? 1 : 0;
    }
    return on;
  }

  @Test
  void shouldKnowTheOldNamesOfTheDebounceFlag() {
    assertThat(Flag.DEBOUNCE.toggleName()).isEqualTo("lineage.debounce");
    assertThat(Flag.DEBOUNCE.envVar()).isEqualTo("FEATURE_DEBOUNCE");
    assertThat(Flag.DEBOUNCE.legacyToggleName()).contains("lineage.batching");
    assertThat(Flag.DEBOUNCE.legacyEnvVar()).contains("FEATURE_BATCHING");
    assertThat(Flag.PARSE_CACHE.legacyToggleName()).isEmpty();
  }

  @Test
  void shouldFollowTheOldToggleWhileOnlyItIsDefinedAndWarnOnce() {
    try (Flags flags =
        offline(
            TestToggles.allAt(100).without(Flag.DEBOUNCE).legacy(Flag.DEBOUNCE, 50), Map.of())) {
      int on = enabledFiles(flags);
      assertThat(on).as("the old toggle's 50 %").isBetween(KEYS * 45 / 100, KEYS * 55 / 100);
      assertThat(enabledFiles(flags)).isEqualTo(on);
      assertThat(flags.state(Flag.DEBOUNCE))
          .isEqualTo(new FlagState(Flag.DEBOUNCE, FlagState.Source.BOOTSTRAP, 50, true));
      assertThat(flags.describe()).contains(flags.state(Flag.DEBOUNCE));
    }
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("lineage.batching", "lineage.debounce", "docs/operations.md", "bootstrap file");
  }

  @Test
  void shouldLetTheNewToggleWinWhenBothAreDefined() {
    try (Flags flags =
        offline(
            TestToggles.allAt(100).disabled(Flag.DEBOUNCE).legacy(Flag.DEBOUNCE, 100), Map.of())) {
      assertThat(enabledFiles(flags)).as("the new toggle is off").isZero();
      assertThat(flags.state(Flag.DEBOUNCE))
          .isEqualTo(new FlagState(Flag.DEBOUNCE, FlagState.Source.BOOTSTRAP, 100, false));
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void shouldUseTheNewToggleAloneWithoutAWarning() {
    try (Flags flags = offline(TestToggles.allAt(100).rollout(Flag.DEBOUNCE, 0), Map.of())) {
      assertThat(enabledFiles(flags)).isZero();
      assertThat(flags.state(Flag.DEBOUNCE).rolloutPercent()).isZero();
    }
    try (Flags flags = offline(TestToggles.allAt(100), Map.of())) {
      assertThat(enabledFiles(flags)).isEqualTo(KEYS);
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void shouldObeyTheOldKillSwitchWithAWarningAndLetTheNewOneWin() {
    try (Flags flags = offline(TestToggles.allAt(100), Map.of("FEATURE_BATCHING", "false"))) {
      assertThat(enabledFiles(flags)).isZero();
      assertThat(flags.state(Flag.DEBOUNCE))
          .isEqualTo(new FlagState(Flag.DEBOUNCE, FlagState.Source.ENV, 0, false));
    }
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("FEATURE_BATCHING", "FEATURE_DEBOUNCE", "docs/operations.md");

    warnings.clear();
    try (Flags flags =
        offline(
            TestToggles.allAt(100).rollout(Flag.DEBOUNCE, 0),
            Map.of("FEATURE_BATCHING", "false", "FEATURE_DEBOUNCE", "true"))) {
      assertThat(enabledFiles(flags)).isEqualTo(KEYS);
    }
    assertThat(warnings).singleElement().asString().contains("FEATURE_BATCHING", "ignored");
  }

  @Test
  void shouldRejectAnInvalidOldKillSwitchNamingIt() {
    assertThatThrownBy(() -> offline(TestToggles.allAt(100), Map.of("FEATURE_BATCHING", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("FEATURE_BATCHING");
  }

  @Test
  void shouldTakeTheOldNameWhereAPersonNamesAFlagWithAWarning() {
    RenamedFlags renamed = RenamedFlags.warningTo(warnings::add);
    assertThat(renamed.byToggleName("lineage.debounce", "here")).isEqualTo(Flag.DEBOUNCE);
    assertThat(warnings).isEmpty();
    assertThat(renamed.byToggleName("lineage.batching", "here")).isEqualTo(Flag.DEBOUNCE);
    assertThat(renamed.byToggleName("lineage.batching", "here")).isEqualTo(Flag.DEBOUNCE);
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("here", "lineage.batching", "lineage.debounce", "docs/operations.md");
    assertThatThrownBy(() -> renamed.byToggleName("lineage.nope", "here"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RenamedFlags.currentName("lineage.batching")).isEqualTo("lineage.debounce");
    assertThat(RenamedFlags.currentName("lineage.metrics")).isEqualTo("lineage.metrics");
  }
}
