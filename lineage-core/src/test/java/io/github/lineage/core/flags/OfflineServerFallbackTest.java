package io.github.lineage.core.flags;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Online mode when the configured server does not answer (a closed loopback port). */
class OfflineServerFallbackTest {

  @TempDir Path dir;

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private EnvReader env(Path backup) throws IOException {
    return new EnvReader(
        Map.of(
            UnleashSettings.URL,
            "http://127.0.0.1:" + closedPort() + "/api",
            UnleashSettings.API_TOKEN,
            "default:development.unused",
            UnleashSettings.BACKUP_FILE,
            backup.toString(),
            UnleashSettings.BOOTSTRAP_FILE,
            TestToggles.allAt(100).writeTo(dir.resolve("bootstrap.json")).toString()));
  }

  @Test
  void shouldUseTheBootstrapWhenTheServerIsUnreachableAndNothingWasFetchedBefore()
      throws IOException {
    try (Flags flags = FlagsFactory.create(env(dir.resolve("state/backup.json")), "i-1")) {
      assertThat(flags.describe())
          .allSatisfy(
              state -> {
                assertThat(state.source()).isEqualTo(FlagState.Source.BOOTSTRAP);
                assertThat(state.enabled()).isTrue();
              });
      assertThat(flags.isEnabled(Flag.PARSE_CACHE, "repo:a.sql")).isTrue();
    }
  }

  @Test
  void shouldKeepTheLastFetchedTogglesFromTheBackupWhenTheServerIsUnreachable() throws IOException {
    Path backup =
        TestToggles.allAt(100)
            .rollout(Flag.PARSE_CACHE, 0)
            .disabled(Flag.PARALLEL)
            .writeTo(dir.resolve("backup.json"));
    try (Flags flags = FlagsFactory.create(env(backup), "i-1")) {
      assertThat(flags.isEnabled(Flag.PARSE_CACHE, "repo:a.sql")).isFalse();
      assertThat(flags.isEnabled(Flag.PARALLEL)).isFalse();
      assertThat(flags.isEnabled(Flag.DEBOUNCE, "repo:a.sql")).isTrue();
      assertThat(flags.state(Flag.PARSE_CACHE))
          .isEqualTo(new FlagState(Flag.PARSE_CACHE, FlagState.Source.UNLEASH, 0, false));
    }
  }

  @Test
  void shouldSetACorruptBackupAsideAndFallBackToTheBootstrap() throws IOException {
    Path backup = Files.writeString(dir.resolve("backup.json"), "{ truncated");
    try (Flags flags = FlagsFactory.create(env(backup), "i-1")) {
      assertThat(flags.isEnabled(Flag.PARSE_CACHE, "repo:a.sql")).isTrue();
      assertThat(flags.state(Flag.PARSE_CACHE).source()).isEqualTo(FlagState.Source.BOOTSTRAP);
    }
    assertThat(dir.resolve("backup.json.corrupt")).hasContent("{ truncated");
  }

  @Test
  void shouldCountFailedFetchesInAMetricWhileTheServerIsUnreachable() throws Exception {
    EnvReader env =
        env(dir.resolve("state/backup.json"))
            .with(Map.of(UnleashSettings.FETCH_INTERVAL_SECONDS, "1"));
    try (Flags flags = FlagsFactory.create(env, "i-1")) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      FlagMetrics.bind(flags, registry);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (flags.fetchFailures() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(flags.fetchFailures()).isGreaterThanOrEqualTo(2);
      assertThat(registry.get(MetricNames.FEATURE_FLAG_FETCH_FAILURES).functionCounter().count())
          .isGreaterThanOrEqualTo(2);
    }
  }
}
