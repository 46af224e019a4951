package io.github.lineage.core.guard;

import java.time.Instant;

/** Which rule switched a flag off, when and why; one JSON line of the rollback log. */
public record RollbackRecord(
    String flag,
    String rule,
    String signal,
    String compare,
    double value,
    double threshold,
    String action,
    Instant at,
    String instance,
    boolean unleashDisabled) {

  /** One line for a person: why the flag is off. */
  public String reason() {
    return String.format(
        "rule %s: %s (%s) %.4f > %.4f at %s on %s",
        rule, signal, compare, value, threshold, at, instance);
  }
}
