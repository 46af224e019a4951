package io.github.lineage.core.guard;

import io.github.lineage.core.guard.GuardRule.Compare;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the rules against the signals at each call of {@link #evaluate()}: a rule whose value
 * is above its threshold starts pending; it fires once it has stayed above at every evaluation for
 * its {@code for} (as Prometheus alerting rules do). A window with fewer than {@code min_samples}
 * files has no value and resets the rule. A rule fires once; the flag it switched off stays off.
 */
public final class RuleEvaluator {

  /** A rule that fired, with the value that made it fire. */
  public record Firing(GuardRule rule, double value, Instant at) {}

  private final List<GuardRule> rules;
  private final GuardSignals signals;
  private final Map<String, Instant> pendingSince = new HashMap<>();
  private final Map<String, Boolean> fired = new HashMap<>();

  public RuleEvaluator(List<GuardRule> rules, GuardSignals signals) {
    this.rules = List.copyOf(rules);
    this.signals = signals;
  }

  public synchronized List<Firing> evaluate() {
    Instant now = signals.clock().instant();
    List<Firing> firings = new ArrayList<>();
    for (GuardRule rule : rules) {
      if (fired.containsKey(rule.name())) {
        continue;
      }
      Double value = value(rule);
      if (value == null || value <= rule.threshold()) {
        pendingSince.remove(rule.name());
        continue;
      }
      Instant since = pendingSince.computeIfAbsent(rule.name(), n -> now);
      if (!now.isBefore(since.plus(rule.forDuration()))) {
        fired.put(rule.name(), true);
        pendingSince.remove(rule.name());
        firings.add(new Firing(rule, value, now));
      }
    }
    return firings;
  }

  /**
   * Lets the rules of {@code flag} (and the rules of every flag) fire again: it was turned back on.
   */
  public synchronized void rearm(io.github.lineage.core.flags.Flag flag) {
    for (GuardRule rule : rules) {
      if (rule.flag().isEmpty() || rule.flag().get() == flag) {
        fired.remove(rule.name());
        pendingSince.remove(rule.name());
      }
    }
  }

  /** The rule's value now, or null when the window holds too few samples to tell. */
  Double value(GuardRule rule) {
    return switch (rule.signal()) {
      case FAILURE_RATE -> share(rule, WindowedCounts.FAILED, WindowedCounts.SEEN);
      case LINEAGE_MISMATCH -> share(rule, WindowedCounts.MISMATCHED, WindowedCounts.CHECKED);
      case LATENCY_P95 -> {
        double[] p95 = signals.latencyP95(rule.window());
        yield p95[1] < rule.minSamples() ? null : p95[0];
      }
      case LAG -> (double) signals.lag();
    };
  }

  private Double share(GuardRule rule, int part, int whole) {
    if (rule.compare() == Compare.ABSOLUTE) {
      long n = signals.sum(rule.flag().orElse(null), true, rule.window(), whole);
      return n < rule.minSamples()
          ? null
          : (double) signals.sum(rule.flag().orElse(null), true, rule.window(), part) / n;
    }
    long onN = signals.sum(rule.flag().get(), true, rule.window(), whole);
    if (onN < rule.minSamples()) {
      return null;
    }
    double on = (double) signals.sum(rule.flag().get(), true, rule.window(), part) / onN;
    long offN = signals.sum(rule.flag().get(), false, rule.window(), whole);
    double off =
        offN == 0 ? 0 : (double) signals.sum(rule.flag().get(), false, rule.window(), part) / offN;
    return on - off;
  }
}
