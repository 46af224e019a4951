package io.github.lineage.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.RenamedFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardRulesTest {

  private static final String GOOD =
      """
      rules:
        - name: cache-mismatch
          flag: lineage.parse-cache
          signal: lineage_mismatch
          compare: cohort
          threshold: 0.01
          for: 10s
          action: disable_flag
          min_samples: 1
        - name: everything-failing
          flag: all
          signal: failure_rate
          compare: absolute
          threshold: 0.2
          for: 1m
          action: disable_all
      """;

  @Test
  void readsEveryKeyOfARule() {
    List<GuardRule> rules = GuardRules.parse(GOOD);
    assertThat(rules).hasSize(2);
    GuardRule first = rules.get(0);
    assertThat(first.flag()).contains(Flag.PARSE_CACHE);
    assertThat(first.signal()).isEqualTo(GuardRule.Signal.LINEAGE_MISMATCH);
    assertThat(first.compare()).isEqualTo(GuardRule.Compare.COHORT);
    assertThat(first.forDuration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(first.minSamples()).isEqualTo(1);
    assertThat(rules.get(1).flag()).isEmpty();
    assertThat(rules.get(1).flagLabel()).isEqualTo("all");
    assertThat(rules.get(1).window()).isEqualTo(GuardRules.DEFAULT_WINDOW);
  }

  @Test
  void shouldTakeARenamedFlagsOldNameWithOneWarningAndLabelItWithTheNewName() {
    List<String> warnings = new ArrayList<>();
    String yaml =
        GOOD.replace("lineage.parse-cache", "lineage.batching")
            .replace("signal: lineage_mismatch", "signal: failure_rate");
    List<GuardRule> rules = GuardRules.parse(yaml, RenamedFlags.warningTo(warnings::add));
    assertThat(rules.get(0).flag()).contains(Flag.DEBOUNCE);
    assertThat(rules.get(0).flagLabel()).isEqualTo("lineage.debounce");
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("cache-mismatch", "lineage.batching", "lineage.debounce", "docs/operations.md");
  }

  @Test
  void shippedDefaultRulesLoad(@TempDir Path dir) {
    Path shipped = Path.of("..", "deploy", "guard", "rules.yml");
    assertThat(GuardRules.load(shipped)).isNotEmpty();
  }

  @Test
  void unknownFlagSignalKeyAndBadDurationAreClearErrors() {
    assertThatThrownBy(() -> GuardRules.parse(GOOD.replace("lineage.parse-cache", "lineage.nope")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown flag 'lineage.nope'");
    assertThatThrownBy(
            () -> GuardRules.parse(GOOD.replace("signal: lineage_mismatch", "signal: errors")))
        .hasMessageContaining("signal 'errors' is not one of");
    assertThatThrownBy(() -> GuardRules.parse(GOOD.replace("min_samples: 1", "minimum: 1")))
        .hasMessageContaining("unknown key 'minimum'");
    assertThatThrownBy(() -> GuardRules.parse(GOOD.replace("for: 10s", "for: ten")))
        .hasMessageContaining("'for' must be a duration");
    assertThatThrownBy(() -> GuardRules.parse(GOOD.replace("threshold: 0.01", "threshold: lots")))
        .hasMessageContaining("'threshold' must be a number");
    assertThatThrownBy(() -> GuardRules.parse(GOOD.replace("threshold: 0.2", "threshold: 20")))
        .hasMessageContaining("share between 0 and 1");
  }

  @Test
  void inconsistentRulesAreRefused() {
    assertThatThrownBy(
            () -> GuardRules.parse(GOOD.replace("action: disable_all", "action: disable_flag")))
        .hasMessageContaining("flag: all needs action: disable_all");
    assertThatThrownBy(() -> GuardRules.parse(GOOD.replace("compare: absolute", "compare: cohort")))
        .hasMessageContaining("compare: cohort needs one flag");
    assertThatThrownBy(
            () ->
                GuardRules.parse(GOOD.replace("name: everything-failing", "name: cache-mismatch")))
        .hasMessageContaining("two rules named 'cache-mismatch'");
    assertThatThrownBy(() -> GuardRules.parse(GOOD.replace("    action: disable_all\n", "")))
        .hasMessageContaining("rule 'everything-failing': 'action' is missing");
    assertThatThrownBy(() -> GuardRules.parse("rules: [\n")).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> GuardRules.parse("rule: []\n"))
        .hasMessageContaining("top-level list 'rules:'");
  }

  @Test
  void unreadableFileNamesTheVariableAndThePath(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.yml");
    assertThatThrownBy(() -> GuardRules.load(missing))
        .hasMessageContaining(GuardRules.ENV)
        .hasMessageContaining(missing.toString());
    Path bad = Files.writeString(dir.resolve("bad.yml"), GOOD.replace("for: 10s", "for: -3s"));
    assertThatThrownBy(() -> GuardRules.load(bad)).hasMessageContaining(bad.toString());
  }
}
