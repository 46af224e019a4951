package io.github.lineage.core.guard;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard of one process (a service command or {@code lineage local}): the process's flags with
 * the guard's override layer ({@link #flags()}, what every stage must ask), the signals the stages
 * feed, the drill, and — when {@code LINEAGE_GUARD_RULES} names a rules file — the {@link Guard}
 * evaluating it every second. Without a rules file the signals are still counted and exported (the
 * dashboard's cohort panels), but nothing is ever switched off.
 */
public final class ProcessGuard implements AutoCloseable {

  public static final String SAMPLE_ENV = "LINEAGE_GUARD_SAMPLE";
  public static final double DEFAULT_SAMPLE = 0.05;

  private static final Logger LOG = LoggerFactory.getLogger(ProcessGuard.class);
  private static final Duration MIN_RETENTION = Duration.ofSeconds(60);

  private final GuardedFlags flags;
  private final GuardSignals signals;
  private final Optional<Guard> guard;
  private final Optional<Drill> drill;
  private final double sample;
  private final RollbackLog rollbackLog;

  private ProcessGuard(
      GuardedFlags flags,
      GuardSignals signals,
      Optional<Guard> guard,
      Optional<Drill> drill,
      double sample,
      RollbackLog rollbackLog) {
    this.flags = flags;
    this.signals = signals;
    this.guard = guard;
    this.drill = drill;
    this.sample = sample;
    this.rollbackLog = rollbackLog;
  }

  /**
   * Reads and checks every guard setting (a mistake is a {@link ConfigException} naming the file,
   * rule and key) and starts the evaluation when there are rules. {@code flags} stays the caller's
   * to close.
   */
  public static ProcessGuard start(
      EnvReader env, LineageHome home, Flags flags, String instanceId, MeterRegistry registry) {
    List<GuardRule> rules = GuardRules.from(env);
    Optional<Drill> drill = Drill.from(env);
    double sample = sample(env);
    Optional<URI> webhook = env.optional(Guard.WEBHOOK_ENV).map(GuardRulesWebhook::parse);
    Optional<UnleashToggleSwitch> unleash = UnleashToggleSwitch.from(env);
    Duration retention = MIN_RETENTION;
    for (GuardRule rule : rules) {
      retention = rule.window().compareTo(retention) > 0 ? rule.window() : retention;
    }
    GuardedFlags guarded = new GuardedFlags(flags);
    GuardSignals signals = new GuardSignals(guarded, Clock.systemUTC(), retention, registry);
    // The stages' own lag gauges (queue_size{stage}: the sink's consumer lag, the parser's input
    // lag).
    signals.lagSource("queue_size", () -> largestGauge(registry, MetricNames.QUEUE_SIZE));
    RollbackLog log = RollbackLog.in(home);
    Optional<Guard> guard = Optional.empty();
    if (!rules.isEmpty()) {
      guard =
          Optional.of(
              new Guard(rules, guarded, signals, unleash, log, webhook, instanceId, registry)
                  .start());
      LOG.info(
          "guard: {} rule(s) from {}; lineage checks on {} of parse-cache hits; Unleash toggles {}",
          rules.size(),
          env.optional(GuardRules.ENV).orElseThrow(),
          sample,
          unleash
              .map(u -> "switched off in " + u.environment())
              .orElse("not switched (no UNLEASH_ADMIN_TOKEN)"));
    }
    drill.ifPresent(
        d ->
            LOG.warn(
                "!!! DRILL {} is set ({}): the on-cohort of {} misbehaves ON PURPOSE. "
                    + "Never leave it set outside a rehearsal. !!!",
                Drill.ENV,
                d,
                d.flag().toggleName()));
    return new ProcessGuard(guarded, signals, guard, drill, sample, log);
  }

  /** No rules, no drill, no lineage checks: for tools and tests that only need the stages. */
  public static ProcessGuard inert(Flags flags) {
    GuardedFlags guarded = flags instanceof GuardedFlags g ? g : new GuardedFlags(flags);
    return new ProcessGuard(
        guarded,
        new GuardSignals(guarded, Clock.systemUTC(), MIN_RETENTION, new SimpleMeterRegistry()),
        Optional.empty(),
        Optional.empty(),
        0,
        null);
  }

  private static long largestGauge(MeterRegistry registry, String name) {
    double max = 0;
    for (Gauge gauge : registry.find(name).gauges()) {
      double value = gauge.value();
      max = Double.isNaN(value) ? max : Math.max(max, value);
    }
    return (long) max;
  }

  private static double sample(EnvReader env) {
    Optional<String> raw = env.optional(SAMPLE_ENV);
    if (raw.isEmpty()) {
      return DEFAULT_SAMPLE;
    }
    try {
      double value = Double.parseDouble(raw.get());
      if (value >= 0 && value <= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        SAMPLE_ENV + " must be a share between 0 and 1 (e.g. 0.05), got '" + raw.get() + "'");
  }

  /** The flags every stage of this process must use: a rollback is in force here at once. */
  public GuardedFlags flags() {
    return flags;
  }

  public GuardSignals signals() {
    return signals;
  }

  /** Whether the process evaluates rules at all. */
  public boolean active() {
    return guard.isPresent();
  }

  public Optional<Drill> drill() {
    return drill;
  }

  /**
   * Whether the drill makes the file with {@code fileKey} misbehave in {@code mode}: its flag is on
   * for it.
   */
  public boolean drills(Drill.Mode mode, String fileKey) {
    return drill.isPresent()
        && drill.get().mode() == mode
        && flags.isEnabled(drill.get().flag(), fileKey);
  }

  /** Whether to check this flag-on result by recomputing it with the optimisation off. */
  public boolean sampled() {
    return sample > 0 && ThreadLocalRandom.current().nextDouble() < sample;
  }

  public double sampleShare() {
    return sample;
  }

  /** One evaluation now (tests); the rollbacks it made. */
  public List<RollbackRecord> evaluateNow() {
    return guard.map(Guard::tick).orElse(List.of());
  }

  public Optional<RollbackLog> rollbackLog() {
    return Optional.ofNullable(rollbackLog);
  }

  /** Whether the guard switched {@code flag} off in this process. */
  public boolean rolledBack(Flag flag) {
    return flags.overridden(flag);
  }

  @Override
  public void close() {
    guard.ifPresent(Guard::close);
  }
}
