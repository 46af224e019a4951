package io.github.lineage.core.guard;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.flags.Flag;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One rule of the guard's rules file: when {@code signal} (of the flag's on-cohort against its
 * off-cohort, or absolute) stays above {@code threshold} for {@code forDuration}, take {@code
 * action}. Values are measured over the trailing {@code window}.
 *
 * @param flag the flag the rule watches and switches off; empty for {@code all}
 * @param minSamples files the window must hold (on-cohort files for a cohort rule) before the value
 *     counts, so three files of which one failed are not a 33 % failure rate
 */
public record GuardRule(
    String name,
    Optional<Flag> flag,
    Signal signal,
    Compare compare,
    double threshold,
    Duration forDuration,
    Action action,
    Duration window,
    int minSamples) {

  /** What a rule measures. */
  public enum Signal {
    /** Failed files / files seen. */
    FAILURE_RATE,
    /** p95 of change-to-graph latency in seconds. */
    LATENCY_P95,
    /** Consumer lag in records (the largest of this process's stages). */
    LAG,
    /**
     * Sampled flag-on files whose lineage differs when recomputed with the optimisation off /
     * checks.
     */
    LINEAGE_MISMATCH;

    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether the threshold applies to the on-cohort minus the off-cohort or to the value itself. */
  public enum Compare {
    COHORT,
    ABSOLUTE
  }

  /** What a fired rule does. */
  public enum Action {
    DISABLE_FLAG,
    DISABLE_ALL
  }

  public GuardRule {
    if (name == null || name.isBlank()) {
      throw new ConfigException("guard rule without a name");
    }
    String where = "guard rule '" + name + "': ";
    if (threshold < 0 || Double.isNaN(threshold)) {
      throw new ConfigException(where + "threshold must be a number >= 0");
    }
    if ((signal == Signal.FAILURE_RATE || signal == Signal.LINEAGE_MISMATCH) && threshold > 1) {
      throw new ConfigException(
          where + "threshold of " + signal.yamlName() + " is a share between 0 and 1");
    }
    if (forDuration.isNegative()) {
      throw new ConfigException(where + "'for' must not be negative");
    }
    if (window.isNegative() || window.isZero()) {
      throw new ConfigException(where + "'window' must be positive");
    }
    if (minSamples < 1) {
      throw new ConfigException(where + "min_samples must be at least 1");
    }
    if (compare == Compare.COHORT) {
      if (flag.isEmpty()) {
        throw new ConfigException(where + "compare: cohort needs one flag, not 'all'");
      }
      if (flag.get().stickiness() != Flag.Stickiness.FILE) {
        throw new ConfigException(
            where
                + "compare: cohort needs a per-file flag; "
                + flag.get().toggleName()
                + " is per instance");
      }
      if (signal == Signal.LAG || signal == Signal.LATENCY_P95) {
        throw new ConfigException(
            where
                + signal.yamlName()
                + " is measured per process, not per cohort: use compare: absolute");
      }
    }
    if (flag.isEmpty() && action == Action.DISABLE_FLAG) {
      throw new ConfigException(where + "flag: all needs action: disable_all");
    }
  }

  /** The label value of {@code flag_rollbacks_total{flag}} and of the rollback record. */
  public String flagLabel() {
    return flag.map(Flag::toggleName).orElse("all");
  }
}
