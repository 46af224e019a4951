package io.github.lineage.cli.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.cli.LocalPipeline;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.FlagState;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.core.flags.TcpProxy;
import io.github.lineage.core.flags.UnleashAdmin;
import io.github.lineage.core.flags.UnleashSettings;
import io.github.lineage.core.flags.UnleashTestServer;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.parser.ParserConfig;
import io.github.lineage.sink.LineageQueries;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local pipeline (watcher, parser, sink on embedded Kafka and Neo4j) with its flags from
 * a real Unleash server: the one {@code scripts/unleash.sh start} runs, found through {@code
 * UNLEASH_TEST_URL}, {@code UNLEASH_TEST_ADMIN_TOKEN} and {@code UNLEASH_TEST_CLIENT_TOKEN} ({@code
 * eval "$(scripts/unleash.sh env)"}). Without them the test is skipped, except on CI ({@code
 * CI=true}), where it fails.
 *
 * <p>Moving {@code lineage.parse-cache} on the server must move the running parser per file: a file
 * takes the cached path (one lookup, counted as hit or miss) exactly when the rollout, sticky on
 * {@code source:path}, is on for its key.
 */
class UnleashRolloutPipelineIT {

  private static final Logger LOG = LoggerFactory.getLogger(UnleashRolloutPipelineIT.class);

  private static final String SOURCE = "wh";
  private static final EnvReader PIPELINE_ENV =
      new EnvReader(Map.of("DEBOUNCE_WINDOW_SECONDS", "0.5"));
  private static final Duration FETCH_INTERVAL = Duration.ofSeconds(1);

  /** Several fetch intervals: a change shows within one, the rest is slack for a busy machine. */
  private static final Duration PROPAGATION = Duration.ofSeconds(20);

  private static final Duration GRAPH_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration GRAPH_STALL = Duration.ofSeconds(30);

  private static final AtomicInteger OFFLINE_CLIENTS = new AtomicInteger();

  private static String url;
  private static String clientToken;
  private static UnleashAdmin admin;

  @BeforeAll
  static void findServer() {
    UnleashTestServer server = UnleashTestServer.fromEnvironment();
    url = server.url();
    clientToken = server.clientToken();
    admin = server.admin();
    resetAllToggles();
  }

  /** Other ITs share the server and expect what the compose stack starts with: all at 100 %. */
  @AfterAll
  static void restoreToggles() {
    if (admin != null) {
      resetAllToggles();
    }
  }

  private static void resetAllToggles() {
    for (Flag flag : Flag.values()) {
      admin.resetToggle(flag, 100);
    }
  }

  @Test
  void shouldFollowTheServersParseCacheRolloutPerFileAndKeepTheLastKnownWhenTheServerGoesAway(
      @TempDir Path tmp) throws Exception {
    Path root = Files.createDirectories(tmp.resolve(SOURCE));
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    Map<String, String> initial = contents("a", 20);
    initial.forEach((name, sql) -> write(root.resolve(name), sql));
    Map<String, String> allFiles = new TreeMap<>(initial);

    URI server = URI.create(url);
    MeterRegistry registry = new SimpleMeterRegistry();
    LineageHome home = new LineageHome(tmp.resolve("home"));
    String cacheTopic = ParserConfig.from(PIPELINE_ENV, home).parseCacheTopic();
    try (TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort()).start();
        Flags flags =
            onlineFlags(
                "http://127.0.0.1:" + proxy.port() + "/api", tmp.resolve("unleash-backup.json"));
        LocalPipeline pipeline =
            LocalPipeline.start(
                new LocalPipeline.Options(root, home, 0, 0, true),
                PIPELINE_ENV,
                flags,
                LineageEngine.defaults(),
                registry)) {
      Lookups lookups = new Lookups(registry);

      // 100 %: every file of the start-up scan looks into the cache (all new content: misses).
      assertThat(flags.state(Flag.PARSE_CACHE))
          .isEqualTo(new FlagState(Flag.PARSE_CACHE, FlagState.Source.UNLEASH, 100, true));
      awaitInGraph(pipeline, initial.keySet(), allFiles);
      assertThat(lookups.sinceLastCall()).isEqualTo(initial.size());
      assertThat(cachedAmong(pipeline, cacheTopic, initial.keySet()))
          .isEqualTo(keys(initial.keySet()));

      // 0 %: copies of cached content under new paths would be hits, yet none is looked up.
      moveRollout(flags, 0);
      Map<String, String> copies = new LinkedHashMap<>();
      List<String> initialSql = List.copyOf(initial.values());
      for (int i = 0; i < 20; i++) {
        copies.put(String.format("b_%03d.sql", i), initialSql.get(i % initialSql.size()));
      }
      // The state is read from the fetched JSON; wait until the SDK's engine evaluates it too.
      await().atMost(PROPAGATION).until(() -> onFor(flags, copies.keySet()).isEmpty());
      addFiles(staging, root, copies, allFiles);
      awaitInGraph(pipeline, copies.keySet(), allFiles);
      assertThat(lookups.sinceLastCall()).isZero();

      // 50 %: the files the server's own rollout definition picks, evaluated offline, and only
      // those.
      moveRollout(flags, 50);
      Path halfDefinition =
          Files.writeString(
              tmp.resolve("served-50.json"), admin.clientFeatures(clientToken).toString());
      Map<String, String> half = contents("c", 200);
      Map<String, String> away = contents("d", 100);
      Set<String> halfOn = offlineOnFor(halfDefinition, half.keySet());
      Set<String> awayOn = offlineOnFor(halfDefinition, away.keySet());
      LOG.info(
          "offline evaluation of the served 50 % rollout: {} of {} and {} of {} files on",
          halfOn.size(), half.size(), awayOn.size(), away.size());
      assertThat(halfOn.size())
          .as("files in a 50 %% rollout of %d", half.size())
          .isBetween(80, 120);
      await().atMost(PROPAGATION).until(() -> onFor(flags, half.keySet()).equals(halfOn));
      addFiles(staging, root, half, allFiles);
      awaitInGraph(pipeline, half.keySet(), allFiles);
      assertThat(lookups.sinceLastCall()).isEqualTo(halfOn.size());
      await()
          .atMost(PROPAGATION)
          .untilAsserted(
              () -> assertThat(cachedAmong(pipeline, cacheTopic, half.keySet())).isEqualTo(halfOn));
      assertThat(onFor(flags, half.keySet()))
          .as("the same files on every evaluation")
          .isEqualTo(halfOn);

      // The server goes away for this client and moves to 100 % meanwhile: the client keeps 50 %.
      proxy.stop();
      admin.setRollout(Flag.PARSE_CACHE, 100);
      // The server refreshes what its client API serves a moment after an admin change.
      await()
          .atMost(PROPAGATION)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> admin.servedRollout(Flag.PARSE_CACHE, clientToken) == 100);
      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(10))
          .until(() -> flags.state(Flag.PARSE_CACHE).rolloutPercent() == 50);
      assertThat(awayOn).isNotEmpty().hasSizeLessThan(away.size());
      addFiles(staging, root, away, allFiles);
      awaitInGraph(pipeline, away.keySet(), allFiles);
      assertThat(lookups.sinceLastCall()).isEqualTo(awayOn.size());
      await()
          .atMost(PROPAGATION)
          .untilAsserted(
              () -> assertThat(cachedAmong(pipeline, cacheTopic, away.keySet())).isEqualTo(awayOn));
      assertThat(flags.state(Flag.PARSE_CACHE))
          .isEqualTo(new FlagState(Flag.PARSE_CACHE, FlagState.Source.UNLEASH, 50, true));
    }
  }

  private static Flags onlineFlags(String serverUrl, Path backup) {
    return FlagsFactory.create(
        new EnvReader(
            Map.of(
                UnleashSettings.URL,
                serverUrl,
                UnleashSettings.API_TOKEN,
                clientToken,
                UnleashSettings.APP_NAME,
                "lineage-rollout-it",
                UnleashSettings.FETCH_INTERVAL_SECONDS,
                Long.toString(FETCH_INTERVAL.toSeconds()),
                UnleashSettings.BACKUP_FILE,
                backup.toString())),
        "it-instance");
  }

  /** Moves the rollout on the server and waits for the pipeline's client to have it. */
  private static void moveRollout(Flags flags, int percent) {
    long started = System.nanoTime();
    admin.setRollout(Flag.PARSE_CACHE, percent);
    await()
        .atMost(PROPAGATION)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> flags.state(Flag.PARSE_CACHE).rolloutPercent() == percent);
    LOG.info(
        "parse-cache rollout {} % reached the pipeline's client after {} ms (fetch interval {} s)",
        percent, (System.nanoTime() - started) / 1_000_000, FETCH_INTERVAL.toSeconds());
  }

  /**
   * {@code count} SQL files {@code <prefix>_NNN.sql}, each reading its own table (unique content).
   */
  private static Map<String, String> contents(String prefix, int count) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = String.format("%s_%03d.sql", prefix, i);
      files.put(
          name, "INSERT INTO mart.daily (x) SELECT s.x FROM raw.src_" + prefix + "_" + i + " s;\n");
    }
    return files;
  }

  private static String key(String name) {
    return SOURCE + ":" + name;
  }

  private static Set<String> keys(Set<String> names) {
    Set<String> keys = new TreeSet<>();
    names.forEach(name -> keys.add(key(name)));
    return keys;
  }

  private static Set<String> onFor(Flags flags, Set<String> names) {
    Set<String> on = new TreeSet<>();
    for (String name : names) {
      if (flags.isEnabled(Flag.PARSE_CACHE, key(name))) {
        on.add(key(name));
      }
    }
    return on;
  }

  /** The same rollout definition evaluated by an offline client of the flag layer. */
  private static Set<String> offlineOnFor(Path definition, Set<String> names) {
    // Its own instance id each time: the SDK warns about two clients of one app and instance.
    try (Flags offline =
        FlagsFactory.create(
            new EnvReader(Map.of(UnleashSettings.BOOTSTRAP_FILE, definition.toString())),
            "offline-check-" + OFFLINE_CLIENTS.incrementAndGet())) {
      assertThat(offline.state(Flag.PARSE_CACHE).source()).isEqualTo(FlagState.Source.BOOTSTRAP);
      return onFor(offline, names);
    }
  }

  /**
   * Each file is written outside the root and moved in whole, so the watcher sees one complete file
   * (never an empty one first) and every file gives exactly one parse.
   */
  private static void addFiles(
      Path staging, Path root, Map<String, String> files, Map<String, String> allFiles) {
    files.forEach(
        (name, sql) -> {
          Path staged = write(staging.resolve(name), sql);
          try {
            Files.move(staged, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            throw new IllegalStateException("cannot move " + staged + " into " + root, e);
          }
        });
    allFiles.putAll(files);
  }

  private static Path write(Path file, String content) {
    try {
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file, e);
    }
  }

  /**
   * Waits for {@code added} to reach the graph, then for the graph to equal the files on disk, and
   * checks that every file's lineage is there, cached or parsed.
   */
  private static void awaitInGraph(
      LocalPipeline pipeline, Set<String> added, Map<String, String> allFiles)
      throws InterruptedException {
    long started = System.nanoTime();
    LineageQueries queries = new LineageQueries(pipeline.driver());
    await()
        .atMost(GRAPH_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> queries.fileShas().keySet().containsAll(keys(added)));
    assertThat(pipeline.awaitGraphCurrent(GRAPH_TIMEOUT, GRAPH_STALL)).isEmpty();
    Map<String, String> expected = new TreeMap<>();
    allFiles.forEach((name, sql) -> expected.put(key(name), sourceTableOf(sql) + " -> mart.daily"));
    assertThat(feedsByFile(pipeline)).isEqualTo(expected);
    LOG.info(
        "{} new files in the graph ({} in all) after {} ms",
        added.size(),
        allFiles.size(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private static String sourceTableOf(String sql) {
    int from = sql.indexOf("FROM ") + "FROM ".length();
    return sql.substring(from, sql.indexOf(' ', from));
  }

  private static Map<String, String> feedsByFile(LocalPipeline pipeline) {
    Map<String, String> feeds = new TreeMap<>();
    pipeline
        .driver()
        .executableQuery(
            "MATCH (a:Table)-[r:FEEDS]->(b:Table) RETURN a.name AS a, b.name AS b, r.file AS file")
        .execute()
        .records()
        .forEach(
            r ->
                feeds.merge(
                    r.get("file").asString(),
                    r.get("a").asString() + " -> " + r.get("b").asString(),
                    (x, y) -> x + ", " + y));
    return feeds;
  }

  /** The keys among {@code names} whose content has an entry in the parse-cache topic. */
  private static Set<String> cachedAmong(
      LocalPipeline pipeline, String cacheTopic, Set<String> names) {
    Set<String> cachedShas = ParseCacheTopic.cachedShas(pipeline.kafkaBootstrap(), cacheTopic);
    Map<String, String> shas = new LineageQueries(pipeline.driver()).fileShas();
    Set<String> cached = new TreeSet<>();
    for (String key : keys(names)) {
      if (cachedShas.contains(shas.get(key))) {
        cached.add(key);
      }
    }
    return cached;
  }

  /** Parse-cache lookups (hits + misses) counted by the parser, as increments between calls. */
  private static final class Lookups {
    private final MeterRegistry registry;
    private double seen;

    Lookups(MeterRegistry registry) {
      this.registry = registry;
    }

    long sinceLastCall() {
      double now = count(MetricNames.PARSE_CACHE_HIT) + count(MetricNames.PARSE_CACHE_MISS);
      long delta = Math.round(now - seen);
      seen = now;
      return delta;
    }

    private double count(String name) {
      var counter = registry.find(name).counter();
      return counter == null ? 0 : counter.count();
    }
  }
}
