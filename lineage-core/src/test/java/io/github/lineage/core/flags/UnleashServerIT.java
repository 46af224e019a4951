package io.github.lineage.core.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.guard.UnleashToggleSwitch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags against a real Unleash server: the one {@code scripts/unleash.sh start} runs, found through
 * {@code UNLEASH_TEST_URL}, {@code UNLEASH_TEST_ADMIN_TOKEN} and {@code UNLEASH_TEST_CLIENT_TOKEN}
 * ({@code eval "$(scripts/unleash.sh env)"}). Without them the tests are skipped, except on CI
 * ({@code CI=true}), where they fail: a CI run must not pass without having talked to Unleash.
 */
class UnleashServerIT {

  private static final int KEYS = 2_000;
  private static final Duration FETCH_INTERVAL = Duration.ofSeconds(1);

  /**
   * Several fetch intervals: a change must show within one, the rest is slack for a busy machine.
   */
  private static final Duration PROPAGATION = Duration.ofSeconds(20);

  private static String url;
  private static String adminToken;
  private static String clientToken;
  private static UnleashAdmin admin;

  @TempDir Path dir;

  @BeforeAll
  static void findServer() {
    UnleashTestServer server = UnleashTestServer.fromEnvironment();
    url = server.url();
    adminToken = server.adminToken();
    clientToken = server.clientToken();
    admin = server.admin();
  }

  /**
   * Every toggle on at 100 %, as a client sees it: the server's client API answers from a cache
   * (one per kind of request, so the admin's own reads do not say what an SDK gets), and each test
   * starts a client that looks at once, so a test must not begin while the cache still holds what
   * the last test (or an interrupted run on the same server) left.
   */
  @BeforeEach
  void resetToggles() {
    for (Flag flag : Flag.values()) {
      admin.resetToggle(flag, 100);
    }
    awaitClientsSee(
        flags ->
            flags.describe().stream()
                .allMatch(
                    state ->
                        state.source() == FlagState.Source.UNLEASH
                            && state.rolloutPercent() == 100
                            && state.enabled()));
  }

  /**
   * Waits until a client started now sees what {@code condition} asks for, through a probe client
   * of its own (its renamed-flag warnings go nowhere, so a test's client still gets its own).
   */
  private void awaitClientsSee(Predicate<Flags> condition) {
    try (Flags probe =
        client(
            url,
            dir.resolve("probe-" + System.nanoTime() + ".json"),
            Map.of(),
            RenamedFlags.warningTo(warning -> {}))) {
      await()
          .atMost(PROPAGATION)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> condition.test(probe));
    }
  }

  /** Leave the shared server as the compose stack starts: every toggle on at 100 %. */
  @AfterAll
  static void restoreToggles() {
    if (admin != null) {
      for (Flag flag : Flag.values()) {
        admin.resetToggle(flag, 100);
      }
    }
  }

  private Flags client(String serverUrl, Path backup, Map<String, String> extra) {
    return client(serverUrl, backup, extra, RenamedFlags.process());
  }

  private Flags client(
      String serverUrl, Path backup, Map<String, String> extra, RenamedFlags renamed) {
    Map<String, String> env = new HashMap<>(extra);
    env.put(UnleashSettings.URL, serverUrl);
    env.put(UnleashSettings.API_TOKEN, clientToken);
    env.put(UnleashSettings.APP_NAME, "lineage-it");
    env.put(UnleashSettings.FETCH_INTERVAL_SECONDS, Long.toString(FETCH_INTERVAL.toSeconds()));
    env.put(UnleashSettings.BACKUP_FILE, backup.toString());
    return FlagsFactory.create(new EnvReader(env), "it-instance", renamed);
  }

  private static BitSet enabledKeys(Flags flags, Flag flag) {
    BitSet on = new BitSet(KEYS);
    for (int i = 0; i < KEYS; i++) {
      if (flags.isEnabled(flag, "warehouse:jobs/nightly_" + i + ".sql")) {
        on.set(i);
      }
    }
    return on;
  }

  private static void awaitRollout(Flags flags, Flag flag, int percent) {
    await()
        .atMost(PROPAGATION)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> flags.state(flag).rolloutPercent() == percent);
  }

  @Test
  void shouldFollowRolloutChangesOnTheServerWithoutRestart() {
    try (Flags flags = client(url, dir.resolve("backup.json"), Map.of())) {
      assertThat(flags.describe())
          .allSatisfy(
              state -> {
                assertThat(state.source()).isEqualTo(FlagState.Source.UNLEASH);
                assertThat(state.rolloutPercent()).isEqualTo(100);
                assertThat(state.enabled()).isTrue();
              });
      assertThat(enabledKeys(flags, Flag.PARSE_CACHE).cardinality()).isEqualTo(KEYS);

      admin.setRollout(Flag.PARSE_CACHE, 0);
      await().atMost(PROPAGATION).until(() -> enabledKeys(flags, Flag.PARSE_CACHE).isEmpty());
      assertThat(flags.state(Flag.PARSE_CACHE))
          .isEqualTo(new FlagState(Flag.PARSE_CACHE, FlagState.Source.UNLEASH, 0, false));
      assertThat(enabledKeys(flags, Flag.DEBOUNCE).cardinality())
          .as("other flags untouched")
          .isEqualTo(KEYS);

      admin.setRollout(Flag.PARSE_CACHE, 50);
      awaitRollout(flags, Flag.PARSE_CACHE, 50);
      await().atMost(PROPAGATION).until(() -> !enabledKeys(flags, Flag.PARSE_CACHE).isEmpty());
      BitSet half = enabledKeys(flags, Flag.PARSE_CACHE);
      assertThat(half.cardinality()).isBetween(KEYS * 45 / 100, KEYS * 55 / 100);
      assertThat(enabledKeys(flags, Flag.PARSE_CACHE))
          .as("the same files every time")
          .isEqualTo(half);

      // The server's definition evaluated offline gives the same files: stickiness is the key.
      Path bootstrap =
          TestToggles.allAt(100).rollout(Flag.PARSE_CACHE, 50).writeTo(dir.resolve("half.json"));
      try (Flags offline =
          FlagsFactory.create(
              new EnvReader(Map.of(UnleashSettings.BOOTSTRAP_FILE, bootstrap.toString())),
              "other")) {
        assertThat(enabledKeys(offline, Flag.PARSE_CACHE)).isEqualTo(half);
      }
    }
  }

  /**
   * A server set up before the rename has only {@code lineage.batching}: the flag follows it (and
   * the guard's switch acts on it) until {@code lineage.debounce} is created, which then wins.
   */
  @Test
  void shouldFollowTheOldToggleOnTheServerUntilTheNewOneExists() throws IOException {
    String oldName = Flag.DEBOUNCE.legacyToggleName().orElseThrow();
    admin.removeToggle(Flag.DEBOUNCE.toggleName());
    admin.resetToggle(oldName, Flag.Stickiness.FILE, 0);
    awaitClientsSee(flags -> !flags.state(Flag.DEBOUNCE).enabled());
    List<String> warnings = new CopyOnWriteArrayList<>();
    UnleashToggleSwitch toggles =
        new UnleashToggleSwitch(url, adminToken, UnleashAdmin.PROJECT, UnleashAdmin.ENVIRONMENT);
    try (Flags flags =
        client(url, dir.resolve("backup.json"), Map.of(), RenamedFlags.warningTo(warnings::add))) {
      // Off for every file: the old toggle's 0 %, not the bootstrap's 100 % of the new name.
      assertThat(enabledKeys(flags, Flag.DEBOUNCE).isEmpty()).isTrue();
      assertThat(flags.state(Flag.DEBOUNCE))
          .isEqualTo(new FlagState(Flag.DEBOUNCE, FlagState.Source.UNLEASH, 0, false));
      assertThat(warnings)
          .singleElement()
          .asString()
          .contains("Unleash at", oldName, Flag.DEBOUNCE.toggleName(), "docs/operations.md");

      assertThat(toggles.disable(Flag.DEBOUNCE)).isEqualTo(oldName);
      assertThat(admin.enabledInEnvironment(oldName)).isFalse();

      admin.resetToggle(Flag.DEBOUNCE, 100);
      await()
          .atMost(PROPAGATION)
          .until(() -> enabledKeys(flags, Flag.DEBOUNCE).cardinality() == KEYS);
      assertThat(flags.state(Flag.DEBOUNCE))
          .isEqualTo(new FlagState(Flag.DEBOUNCE, FlagState.Source.UNLEASH, 100, true));

      assertThat(toggles.disable(Flag.DEBOUNCE)).isEqualTo(Flag.DEBOUNCE.toggleName());
      await().atMost(PROPAGATION).until(() -> !flags.state(Flag.DEBOUNCE).enabled());
      assertThat(enabledKeys(flags, Flag.DEBOUNCE).isEmpty()).isTrue();
      assertThat(warnings).as("one warning, however many fetches").hasSize(1);
    } finally {
      admin.removeToggle(oldName);
    }
  }

  @Test
  void shouldFollowPerInstanceFlagsAndLetKillSwitchesWinOverTheServer() {
    admin.setRollout(Flag.PARSE_CACHE, 0);
    try (Flags forced =
            client(
                url,
                dir.resolve("forced.json"),
                Map.of("FEATURE_PARSE_CACHE", "true", "FEATURE_METRICS", "false"));
        Flags plain = client(url, dir.resolve("plain.json"), Map.of())) {
      awaitRollout(plain, Flag.PARSE_CACHE, 0);
      assertThat(enabledKeys(plain, Flag.PARSE_CACHE).isEmpty()).isTrue();
      assertThat(enabledKeys(forced, Flag.PARSE_CACHE).cardinality()).isEqualTo(KEYS);
      assertThat(forced.state(Flag.PARSE_CACHE).source()).isEqualTo(FlagState.Source.ENV);
      assertThat(forced.isEnabled(Flag.METRICS)).isFalse();
      assertThat(plain.isEnabled(Flag.METRICS)).isTrue();

      admin.setRollout(Flag.METRICS, 0);
      await().atMost(PROPAGATION).until(() -> !plain.isEnabled(Flag.METRICS));
      assertThat(plain.state(Flag.METRICS))
          .isEqualTo(new FlagState(Flag.METRICS, FlagState.Source.UNLEASH, 0, false));
    }
  }

  @Test
  void shouldKeepTheLastKnownTogglesWhenTheServerGoesAway() throws IOException {
    URI server = URI.create(url);
    Path backup = dir.resolve("backup.json");
    admin.setRollout(Flag.PARSE_CACHE, 30);
    try (TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort()).start()) {
      String viaProxy = "http://127.0.0.1:" + proxy.port() + "/api";
      try (Flags flags = client(viaProxy, backup, Map.of())) {
        awaitRollout(flags, Flag.PARSE_CACHE, 30);
        BitSet lastKnown = enabledKeys(flags, Flag.PARSE_CACHE);
        assertThat(lastKnown.cardinality()).isBetween(KEYS * 25 / 100, KEYS * 35 / 100);
        await().atMost(PROPAGATION).until(() -> Files.isRegularFile(backup));

        proxy.stop();
        admin.setRollout(Flag.PARSE_CACHE, 100);
        admin.setRollout(Flag.METRICS, 0);
        // Several polls fail meanwhile; the flags must not move (to the bootstrap, or to off).
        await()
            .during(Duration.ofSeconds(4))
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    flags.state(Flag.PARSE_CACHE).rolloutPercent() == 30
                        && flags.isEnabled(Flag.METRICS));
        assertThat(enabledKeys(flags, Flag.PARSE_CACHE)).isEqualTo(lastKnown);

        // A restart while the server is still away starts from the backup, not the bootstrap.
        try (Flags restarted = client(viaProxy, backup, Map.of())) {
          assertThat(restarted.state(Flag.PARSE_CACHE))
              .isEqualTo(new FlagState(Flag.PARSE_CACHE, FlagState.Source.UNLEASH, 30, true));
          assertThat(enabledKeys(restarted, Flag.PARSE_CACHE)).isEqualTo(lastKnown);
          assertThat(restarted.isEnabled(Flag.METRICS)).isTrue();
        }

        // Back: the client catches up with what changed meanwhile (the SDK backs off after
        // failures, hence the longer wait).
        proxy.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    flags.state(Flag.PARSE_CACHE).rolloutPercent() == 100
                        && !flags.isEnabled(Flag.METRICS));
        assertThat(enabledKeys(flags, Flag.PARSE_CACHE).cardinality()).isEqualTo(KEYS);
      }
    }
  }

  /**
   * The compose stack's Unleash loads {@code deploy/unleash/toggles.json} through {@code
   * IMPORT_FILE}: so does a second, fresh server here (own database and port), started and stopped
   * through the same script.
   */
  @Test
  void shouldCreateTheFiveTogglesFromTheComposeImportFile() throws Exception {
    Path root = repositoryRoot();
    Path script = root.resolve("scripts/unleash.sh");
    Path importFile = root.resolve("deploy/unleash/toggles.json");
    int port = freePort();
    Map<String, String> instance =
        Map.of(
            "UNLEASH_PORT", Integer.toString(port),
            "UNLEASH_INSTANCE", "import-it",
            "UNLEASH_DB_NAME", "unleash_import_it",
            "UNLEASH_DB_RESET", "true",
            "UNLEASH_IMPORT_FILE", importFile.toString());
    run(script, "start", instance, Duration.ofMinutes(4));
    try {
      String importedUrl = "http://127.0.0.1:" + port + "/api";
      UnleashAdmin imported = new UnleashAdmin(importedUrl, adminToken);
      assertThat(imported.contextField(UnleashFlags.PATH_PROPERTY).path("stickiness").asBoolean())
          .isTrue();

      Map<String, JsonNode> served = new HashMap<>();
      imported
          .clientFeatures(clientToken)
          .path("features")
          .forEach(f -> served.put(f.path("name").asText(), f));
      for (Flag flag : Flag.values()) {
        JsonNode feature = served.get(flag.toggleName());
        assertThat(feature).as(flag.toggleName()).isNotNull();
        assertThat(feature.path("enabled").asBoolean()).as(flag.toggleName() + " enabled").isTrue();
        JsonNode strategy = feature.path("strategies").get(0);
        assertThat(strategy.path("name").asText()).isEqualTo("flexibleRollout");
        assertThat(strategy.path("parameters").path("rollout").asText()).isEqualTo("100");
        assertThat(strategy.path("parameters").path("stickiness").asText())
            .isEqualTo(flag.stickiness() == Flag.Stickiness.FILE ? "path" : "default");
      }

      try (Flags flags = client(importedUrl, dir.resolve("imported-backup.json"), Map.of())) {
        assertThat(flags.describe())
            .allSatisfy(
                state -> {
                  assertThat(state.source()).isEqualTo(FlagState.Source.UNLEASH);
                  assertThat(state.enabled()).isTrue();
                });
        assertThat(enabledKeys(flags, Flag.NEO4J_BATCH).cardinality()).isEqualTo(KEYS);
      }
    } finally {
      run(script, "stop", instance, Duration.ofMinutes(1));
    }
  }

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("scripts/unleash.sh"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("scripts/unleash.sh not found above " + here);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void run(Path script, String command, Map<String, String> env, Duration timeout)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("bash", script.toString(), command));
    Path log = dir.resolve("unleash-" + command + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      fail(
          "scripts/unleash.sh "
              + command
              + " did not finish in "
              + timeout
              + ":\n"
              + Files.readString(log));
    }
    if (process.exitValue() != 0) {
      fail(
          "scripts/unleash.sh "
              + command
              + " failed ("
              + process.exitValue()
              + "):\n"
              + Files.readString(log));
    }
  }
}
