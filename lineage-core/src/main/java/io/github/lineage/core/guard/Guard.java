package io.github.lineage.core.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automated rollback of one process: evaluates the rules every second and, when one fires,
 * switches its flag (or every flag) off locally at once, on the Unleash server when it can, records
 * why, counts {@code flag_rollbacks_total{flag,rule}}, sets {@code
 * flag_rollback_timestamp_seconds{flag,rule}} (for Grafana annotations) and notifies the webhook.
 * Turning a flag back on is a person's act ({@code lineage flags enable}).
 */
public final class Guard implements AutoCloseable {

  public static final String WEBHOOK_ENV = "LINEAGE_GUARD_WEBHOOK";
  public static final String ROLLBACKS = MetricNames.FLAG_ROLLBACKS;
  public static final String ROLLBACK_TIMESTAMP = MetricNames.FLAG_ROLLBACK_TIMESTAMP;
  public static final String TAG_RULE = MetricNames.TAG_RULE;

  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  private final RuleEvaluator evaluator;
  private final GuardSignals signals;
  private final GuardedFlags flags;
  private final Optional<UnleashToggleSwitch> unleash;
  private final RollbackLog log;
  private final Optional<URI> webhook;
  private final String instanceId;
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> timestamps = new ConcurrentHashMap<>();

  /**
   * Flags whose rollback is in the log: an {@code enabled} line there ({@code lineage flags
   * enable}) lifts it.
   */
  private final Set<Flag> logged = ConcurrentHashMap.newKeySet();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ScheduledExecutorService scheduler;

  public Guard(
      List<GuardRule> rules,
      GuardedFlags flags,
      GuardSignals signals,
      Optional<UnleashToggleSwitch> unleash,
      RollbackLog log,
      Optional<URI> webhook,
      String instanceId,
      MeterRegistry registry) {
    this.evaluator = new RuleEvaluator(rules, signals);
    this.signals = signals;
    this.flags = flags;
    this.unleash = unleash;
    this.log = log;
    this.webhook = webhook;
    this.instanceId = instanceId;
    this.registry = registry;
    // At 0 from the start, for every flag a rule may switch off: a rate or increase() over the
    // counter then has a series (the dashboard's rollbacks panel), and the first rollback shows.
    for (GuardRule rule : rules) {
      for (Flag flag : targets(rule)) {
        rollbacks(flag, rule);
      }
    }
  }

  /** The flags a rule switches off when it fires. */
  private static List<Flag> targets(GuardRule rule) {
    List<Flag> targets = new ArrayList<>();
    if (rule.action() == GuardRule.Action.DISABLE_ALL) {
      for (Flag flag : Flag.values()) {
        if (flag != Flag.METRICS) {
          targets.add(flag);
        }
      }
    } else {
      targets.add(rule.flag().orElseThrow());
    }
    return targets;
  }

  private Counter rollbacks(Flag flag, GuardRule rule) {
    return Counter.builder(ROLLBACKS)
        .tag("flag", flag.toggleName())
        .tag(TAG_RULE, rule.name())
        .description("Flags the guard switched off, by rule")
        .register(registry);
  }

  public GuardSignals signals() {
    return signals;
  }

  /** Evaluates every second on a daemon thread. */
  public synchronized Guard start() {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "lineage-guard");
                t.setDaemon(true);
                return t;
              });
      scheduler.scheduleWithFixedDelay(this::tickSafely, 1, 1, TimeUnit.SECONDS);
    }
    return this;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("guard evaluation failed: {}", e.toString(), e);
    }
  }

  /** One evaluation; the rollbacks it made. */
  public synchronized List<RollbackRecord> tick() {
    liftReEnabled();
    List<RollbackRecord> done = new ArrayList<>();
    for (RuleEvaluator.Firing firing : evaluator.evaluate()) {
      GuardRule rule = firing.rule();
      for (Flag flag : targets(rule)) {
        done.add(rollBack(flag, firing));
      }
    }
    return done;
  }

  /** A person turned a rolled-back flag on again (Unleash UI, or {@code lineage flags enable}). */
  private void liftReEnabled() {
    List<Flag> lifted = new ArrayList<>();
    for (Flag flag : flags.liftReEnabled()) {
      lifted.add(flag);
      if (log.inForce(flag.toggleName()).isPresent()) {
        // Re-enabled in the Unleash UI: the log says so too, so `lineage flags` shows no rollback
        // in force.
        log.append(
            new RollbackRecord(
                flag.toggleName(),
                "-",
                "-",
                "-",
                0,
                0,
                RollbackLog.ENABLED,
                signals.clock().instant(),
                instanceId,
                true));
      }
    }
    for (Flag flag : Set.copyOf(logged)) {
      if (flags.overridden(flag) && log.inForce(flag.toggleName()).isEmpty()) {
        flags.enable(flag);
        lifted.add(flag);
      }
    }
    for (Flag flag : lifted) {
      logged.remove(flag);
      evaluator.rearm(flag);
      LOG.warn(
          "event=flag_reenabled flag={} instance={}: turned back on by a person; the guard watches it again",
          flag.toggleName(),
          instanceId);
    }
  }

  private RollbackRecord rollBack(Flag flag, RuleEvaluator.Firing firing) {
    GuardRule rule = firing.rule();
    flags.disable(flag);
    boolean remote = false;
    if (unleash.isPresent()) {
      try {
        unleash.get().disable(flag);
        remote = true;
      } catch (IOException e) {
        LOG.error(
            "guard: could not switch {} off on the Unleash server ({}); it is off in this process only",
            flag.toggleName(),
            e.getMessage());
      }
    }
    RollbackRecord record =
        new RollbackRecord(
            flag.toggleName(),
            rule.name(),
            rule.signal().yamlName(),
            rule.compare().name().toLowerCase(),
            firing.value(),
            rule.threshold(),
            rule.action().name().toLowerCase(),
            firing.at(),
            instanceId,
            remote);
    try {
      log.append(record);
      logged.add(flag);
    } catch (RuntimeException e) {
      LOG.error("guard: {}", e.getMessage());
    }
    rollbacks(flag, rule).increment();
    timestamps
        .computeIfAbsent(
            flag.toggleName() + "\u0000" + rule.name(),
            k -> {
              AtomicLong holder = new AtomicLong();
              Gauge.builder(ROLLBACK_TIMESTAMP, holder, AtomicLong::get)
                  .tag("flag", flag.toggleName())
                  .tag(TAG_RULE, rule.name())
                  .description(
                      "Unix time of the guard's last rollback of the flag by the rule (Grafana annotations)")
                  .register(registry);
              return holder;
            })
        .set(firing.at().getEpochSecond());
    // One structured line, greppable and annotation-friendly (event=flag_rollback).
    LOG.warn(
        "event=flag_rollback flag={} rule={} signal={} compare={} value={} threshold={} action={} unleash={} "
            + "instance={}",
        flag.toggleName(),
        rule.name(),
        record.signal(),
        record.compare(),
        firing.value(),
        rule.threshold(),
        record.action(),
        remote ? "disabled" : "unchanged",
        instanceId);
    webhook.ifPresent(uri -> notify(uri, record));
    return record;
  }

  private void notify(URI uri, RollbackRecord record) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      JSON.writeValueAsString(
                          Map.of(
                              "event",
                              "flag_rollback",
                              "rollback",
                              record,
                              "text",
                              "lineage guard switched "
                                  + record.flag()
                                  + " off: "
                                  + record.reason()))))
              .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                if (error != null || response.statusCode() / 100 != 2) {
                  LOG.warn(
                      "guard: webhook {} failed: {}",
                      uri,
                      error != null ? error.toString() : response.statusCode());
                }
              });
    } catch (IOException e) {
      LOG.warn("guard: webhook payload: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
