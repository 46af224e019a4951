package io.github.lineage.cli.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.cli.FlagsCommand;
import io.github.lineage.cli.LocalPipeline;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.core.flags.UnleashAdmin;
import io.github.lineage.core.flags.UnleashSettings;
import io.github.lineage.core.flags.UnleashTestServer;
import io.github.lineage.core.guard.Drill;
import io.github.lineage.core.guard.GuardRules;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.guard.RollbackRecord;
import io.github.lineage.core.guard.UnleashToggleSwitch;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.sink.LineageQueries;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The guard end to end: {@code lineage local}'s pipeline with its flags from a real Unleash server
 * ({@code UNLEASH_TEST_URL} and the tokens, as in {@code UnleashRolloutPipelineIT}; skipped without
 * them, failed on CI), a 50 % rollout of {@code lineage.parse-cache} and the drill making its
 * on-cohort misbehave: the rule must switch the toggle off on the server, and the graph must end up
 * exact. A healthy run of 2,000 files must switch nothing off.
 */
class GuardRollbackIT {

  private static final Logger LOG = LoggerFactory.getLogger(GuardRollbackIT.class);

  private static final String SOURCE = "wh";
  private static final Duration FETCH_INTERVAL = Duration.ofSeconds(1);
  private static final Duration RULE_FOR = Duration.ofSeconds(2);

  /** Slack over rule duration + fetch interval for a machine shared with other builds. */
  private static final Duration SLACK = Duration.ofSeconds(10);

  private static final Duration GRAPH_TIMEOUT = Duration.ofSeconds(120);
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private static String url;
  private static String adminToken;
  private static String clientToken;
  private static UnleashAdmin admin;

  @BeforeAll
  static void findServer() {
    UnleashTestServer server = UnleashTestServer.fromEnvironment();
    url = server.url();
    adminToken = server.adminToken();
    clientToken = server.clientToken();
    admin = server.admin();
    admin.ensurePathContextField();
  }

  /** Other ITs share the server and expect every toggle on at 100 %. */
  @AfterAll
  static void restoreToggles() {
    if (admin != null) {
      for (Flag flag : Flag.values()) {
        admin.resetToggle(flag, 100);
      }
    }
  }

  @BeforeEach
  void halfOfTheFilesUseTheCache() {
    for (Flag flag : Flag.values()) {
      admin.resetToggle(flag, flag == Flag.PARSE_CACHE ? 50 : 100);
    }
  }

  @Test
  void shouldSwitchTheParseCacheOffOnTheServerWhenItsHitsAreCorruptAndLeaveTheGraphExact(
      @TempDir Path tmp) throws Exception {
    Path rules =
        Files.writeString(
            tmp.resolve("rules.yml"),
            """
        rules:
          - name: cache-mismatch
            flag: lineage.parse-cache
            signal: lineage_mismatch
            compare: cohort
            threshold: 0.0
            for: 2s
            action: disable_flag
            min_samples: 1
        """);
    Map<String, String> env = pipelineEnv(rules, tmp);
    env.put(Drill.ENV, "lineage.parse-cache:corrupt");
    env.put(ProcessGuard.SAMPLE_ENV, "0.2");
    Path root = Files.createDirectories(tmp.resolve(SOURCE));
    MeterRegistry registry = new SimpleMeterRegistry();
    Map<String, String> files = new TreeMap<>();
    try (Flags flags = onlineFlags(tmp);
        LocalPipeline pipeline =
            LocalPipeline.start(
                new LocalPipeline.Options(root, home(tmp), 0, 0, true),
                new EnvReader(env),
                flags,
                LineageEngine.defaults(),
                registry)) {
      // First one file per content, so the on-cohort's later copies are cache hits.
      Map<String, String> originals = files(0, 40, 40);
      add(tmp, root, originals, files);
      awaitExact(pipeline, files);
      assertThat(pipeline.guard().rolledBack(Flag.PARSE_CACHE))
          .as("no hit served yet, nothing wrong")
          .isFalse();

      Instant drillStart = Instant.now();
      add(tmp, root, files(1000, 360, 40), files);
      Instant firstMismatch = null;
      Instant serverOff = null;
      Instant clientOff = null;
      long deadline = System.nanoTime() + GRAPH_TIMEOUT.toNanos();
      while ((serverOff == null || clientOff == null) && System.nanoTime() < deadline) {
        if (firstMismatch == null && mismatches(registry) > 0) {
          firstMismatch = Instant.now();
        }
        if (serverOff == null && !admin.enabledInEnvironment(Flag.PARSE_CACHE)) {
          serverOff = Instant.now();
        }
        if (clientOff == null && !flags.state(Flag.PARSE_CACHE).enabled()) {
          clientOff = Instant.now();
        }
        Thread.sleep(100);
      }
      assertThat(firstMismatch).as("a sampled corrupt hit was found").isNotNull();
      assertThat(serverOff).as("the toggle is off on the Unleash server").isNotNull();
      assertThat(clientOff).as("the client of the flag server follows").isNotNull();
      RollbackRecord rollback =
          pipeline.guard().rollbackLog().orElseThrow().inForce("lineage.parse-cache").orElseThrow();
      LOG.info(
          "corrupt drill: first mismatch {} ms after the copies, rollback {} ms after it, toggle off on the "
              + "server {} ms after it, client off {} ms after it (rule for {} s, fetch interval {} s)",
          ms(drillStart, firstMismatch),
          ms(firstMismatch, rollback.at()),
          ms(firstMismatch, serverOff),
          ms(firstMismatch, clientOff),
          RULE_FOR.toSeconds(),
          FETCH_INTERVAL.toSeconds());
      assertThat(rollback.rule()).isEqualTo("cache-mismatch");
      assertThat(rollback.unleashDisabled()).isTrue();
      assertThat(Duration.between(firstMismatch, serverOff))
          .isLessThan(RULE_FOR.plus(FETCH_INTERVAL).plus(SLACK));
      assertThat(Duration.between(firstMismatch, clientOff))
          .isLessThan(RULE_FOR.plus(FETCH_INTERVAL).plus(SLACK));
      assertThat(
              registry
                  .get(MetricNames.FLAG_ROLLBACKS)
                  .tag("rule", "cache-mismatch")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(pipeline.guard().flags().isEnabled(Flag.PARSE_CACHE, SOURCE + ":f_01000.sql"))
          .isFalse();

      // The hits served corrupt and not sampled are re-parsed fresh: the graph is what the SQL
      // says.
      awaitExact(pipeline, files);
      LOG.info("graph exact {} ms after the rollback", ms(rollback.at(), Instant.now()));
      assertThat(registry.get(MetricNames.PARSE_CACHE_HIT).counter().count()).isPositive();

      // A person turns it back on: on the server, and the running pipeline lifts its override.
      CommandLine cli =
          new CommandLine(
              new FlagsCommand(
                  new EnvReader(
                      Map.of(
                          UnleashSettings.URL,
                          url,
                          UnleashToggleSwitch.ADMIN_TOKEN,
                          adminToken,
                          LineageHome.ENV,
                          home(tmp).root().toString()))));
      assertThat(cli.execute("enable", "lineage.parse-cache")).isZero();
      assertThat(admin.enabledInEnvironment(Flag.PARSE_CACHE)).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !pipeline.guard().rolledBack(Flag.PARSE_CACHE));
      assertThat(pipeline.guard().rollbackLog().orElseThrow().inForce()).isEmpty();
    }
  }

  @Test
  void shouldSwitchTheParseCacheOffWhenItsCohortFails(@TempDir Path tmp) throws Exception {
    Path rules =
        Files.writeString(
            tmp.resolve("rules.yml"),
            """
        rules:
          - name: cache-failures
            flag: lineage.parse-cache
            signal: failure_rate
            compare: cohort
            threshold: 0.05
            for: 2s
            action: disable_flag
            min_samples: 5
        """);
    Map<String, String> env = pipelineEnv(rules, tmp);
    env.put(Drill.ENV, "lineage.parse-cache:fail");
    Path root = Files.createDirectories(tmp.resolve(SOURCE));
    MeterRegistry registry = new SimpleMeterRegistry();
    try (Flags flags = onlineFlags(tmp);
        LocalPipeline pipeline =
            LocalPipeline.start(
                new LocalPipeline.Options(root, home(tmp), 0, 0, true),
                new EnvReader(env),
                flags,
                LineageEngine.defaults(),
                registry)) {
      Instant drillStart = Instant.now();
      add(tmp, root, files(0, 100, 100), new TreeMap<>());
      await()
          .atMost(GRAPH_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !admin.enabledInEnvironment(Flag.PARSE_CACHE));
      Instant serverOff = Instant.now();
      RollbackRecord rollback =
          pipeline.guard().rollbackLog().orElseThrow().inForce("lineage.parse-cache").orElseThrow();
      LOG.info(
          "fail drill: rollback {} ms after the files were added, toggle off on the server {} ms after that;"
              + " value {} (on-cohort failure rate minus off-cohort)",
          ms(drillStart, rollback.at()),
          ms(rollback.at(), serverOff),
          rollback.value());
      assertThat(rollback.rule()).isEqualTo("cache-failures");
      assertThat(rollback.value()).isGreaterThan(0.5);
      assertThat(Duration.between(rollback.at(), serverOff)).isLessThan(FETCH_INTERVAL.plus(SLACK));
    }
  }

  @Test
  void shouldSwitchNothingOffInAHealthyRunOfTwoThousandFiles(@TempDir Path tmp) throws Exception {
    Path shipped = Path.of("..", "deploy", "guard", "rules.yml");
    assertThat(GuardRules.load(shipped)).isNotEmpty();
    Map<String, String> env = pipelineEnv(shipped, tmp);
    // Every cache hit checked: the strictest test of the lineage comparison itself.
    env.put(ProcessGuard.SAMPLE_ENV, "1.0");
    Path root = Files.createDirectories(tmp.resolve(SOURCE));
    MeterRegistry registry = new SimpleMeterRegistry();
    Map<String, String> files = new TreeMap<>();
    try (Flags flags = onlineFlags(tmp);
        LocalPipeline pipeline =
            LocalPipeline.start(
                new LocalPipeline.Options(root, home(tmp), 0, 0, true),
                new EnvReader(env),
                flags,
                LineageEngine.defaults(),
                registry)) {
      add(tmp, root, files(0, 200, 200), files);
      awaitExact(pipeline, files);
      add(tmp, root, files(1000, 1800, 200), files);
      long started = System.nanoTime();
      awaitExact(pipeline, files);
      LOG.info(
          "healthy run: {} files exact {} ms after the copies; {} lineage checks, {} mismatches",
          files.size(),
          (System.nanoTime() - started) / 1_000_000,
          checks(registry),
          mismatches(registry));
      // Longer than the mismatch rule's 'for' (5 s), so a pending rule would have fired by now.
      Thread.sleep(7_000);
      assertThat(checks(registry)).as("cache hits were checked").isPositive();
      assertThat(mismatches(registry)).isZero();
      assertThat(pipeline.guard().rollbackLog().orElseThrow().all()).isEmpty();
      // Registered at 0 for every flag a rule may switch off; none counted a rollback.
      assertThat(registry.find(MetricNames.FLAG_ROLLBACKS).counters())
          .isNotEmpty()
          .allMatch(c -> c.count() == 0.0);
      assertThat(admin.enabledInEnvironment(Flag.PARSE_CACHE)).isTrue();
      assertThat(pipeline.guard().flags().overridden()).isEmpty();
    }
  }

  private static Map<String, String> pipelineEnv(Path rules, Path tmp) {
    Map<String, String> env = new HashMap<>();
    env.put("DEBOUNCE_WINDOW_SECONDS", "0.5");
    env.put(GuardRules.ENV, rules.toString());
    env.put(UnleashSettings.URL, url);
    env.put(UnleashToggleSwitch.ADMIN_TOKEN, adminToken);
    env.put("HOSTNAME", "guard-it");
    return env;
  }

  private static LineageHome home(Path tmp) {
    return new LineageHome(tmp.resolve("home"));
  }

  private static Flags onlineFlags(Path tmp) {
    int n = CLIENTS.incrementAndGet();
    return FlagsFactory.create(
        new EnvReader(
            Map.of(
                UnleashSettings.URL,
                url,
                UnleashSettings.API_TOKEN,
                clientToken,
                UnleashSettings.APP_NAME,
                "lineage-guard-it",
                UnleashSettings.FETCH_INTERVAL_SECONDS,
                Long.toString(FETCH_INTERVAL.toSeconds()),
                UnleashSettings.BACKUP_FILE,
                tmp.resolve("unleash-backup-" + n + ".json").toString())),
        "guard-it-" + n);
  }

  /**
   * {@code count} files {@code f_NNNNN.sql} from {@code first}, over {@code contents} distinct
   * contents: two statements each, so a hit that loses one is visibly wrong in the graph.
   */
  private static Map<String, String> files(int first, int count, int contents) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = first; i < first + count; i++) {
      int c = i % contents;
      files.put(
          String.format("f_%05d.sql", i),
          "INSERT INTO mart.t_"
              + c
              + " (x) SELECT x FROM raw.a_"
              + c
              + ";\n"
              + "INSERT INTO mart.u_"
              + c
              + " (y) SELECT y FROM raw.b_"
              + c
              + ";\n");
    }
    return files;
  }

  /**
   * Written outside the root and moved in whole, so the watcher sees each file once and complete.
   */
  private static void add(Path tmp, Path root, Map<String, String> add, Map<String, String> all)
      throws IOException {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    for (Map.Entry<String, String> file : add.entrySet()) {
      Path staged = Files.writeString(staging.resolve(file.getKey()), file.getValue());
      Files.move(staged, root.resolve(file.getKey()), StandardCopyOption.ATOMIC_MOVE);
    }
    all.putAll(add);
  }

  /** Until every file's FEEDS edges in the graph are exactly what its SQL says. */
  private static void awaitExact(LocalPipeline pipeline, Map<String, String> files) {
    Map<String, String> expected = new TreeMap<>();
    files.forEach(
        (name, sql) -> {
          String c =
              sql.substring(
                  sql.indexOf("mart.t_") + "mart.t_".length(),
                  sql.indexOf(' ', sql.indexOf("mart.t_")));
          expected.put(
              SOURCE + ":" + name,
              "raw.a_" + c + " -> mart.t_" + c + ", raw.b_" + c + " -> mart.u_" + c);
        });
    await()
        .atMost(GRAPH_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(feedsByFile(pipeline)).isEqualTo(expected));
    assertThat(new LineageQueries(pipeline.driver()).fileShas()).hasSize(files.size());
  }

  private static Map<String, String> feedsByFile(LocalPipeline pipeline) {
    Map<String, List<String>> feeds = new TreeMap<>();
    pipeline
        .driver()
        .executableQuery(
            "MATCH (a:Table)-[r:FEEDS]->(b:Table) RETURN a.name AS a, b.name AS b, r.file AS file")
        .execute()
        .records()
        .forEach(
            r ->
                feeds
                    .computeIfAbsent(r.get("file").asString(), k -> new java.util.ArrayList<>())
                    .add(r.get("a").asString() + " -> " + r.get("b").asString()));
    Map<String, String> joined = new TreeMap<>();
    feeds.forEach(
        (file, edges) -> joined.put(file, String.join(", ", edges.stream().sorted().toList())));
    return joined;
  }

  private static double mismatches(MeterRegistry registry) {
    return registry
        .find(MetricNames.GUARD_LINEAGE_CHECKS)
        .tag("result", "mismatch")
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private static double checks(MeterRegistry registry) {
    return registry.find(MetricNames.GUARD_LINEAGE_CHECKS).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private static long ms(Instant from, Instant to) {
    return Duration.between(from, to).toMillis();
  }
}
