package io.github.lineage.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatcherConfigTest {

  @TempDir Path temp;

  private WatcherConfig config(Path root, Map<String, String> env) {
    return WatcherConfig.from(new EnvReader(env), root, new LineageHome(temp.resolve("home")));
  }

  @Test
  void shouldDefaultSourceToTheRootNameAndReadDefaults() throws IOException {
    Path root = Files.createDirectories(temp.resolve("warehouse"));

    WatcherConfig config = config(root, Map.of());

    assertThat(config.root()).isEqualTo(root.toRealPath());
    assertThat(config.source()).isEqualTo("warehouse");
    assertThat(config.glob()).isEqualTo("**.sql");
    assertThat(config.maxFileBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(config.stateDir())
        .isEqualTo(temp.resolve("home").resolve("watcher").toAbsolutePath());
    assertThat(config.settleDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.ignoreHidden()).isTrue();
    assertThat(config.rescanInterval()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void shouldReadTheRescanIntervalWithZeroForNeverAndRefuseANegativeOne() throws IOException {
    Path root = Files.createDirectories(temp.resolve("warehouse"));

    assertThat(
            config(root, Map.of(WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS, "0")).rescanInterval())
        .isZero();
    assertThat(
            config(root, Map.of(WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS, "90")).rescanInterval())
        .isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> config(root, Map.of(WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS, "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS);
    assertThatThrownBy(
            () -> config(root, Map.of(WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS, "often")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS);
  }

  @Test
  void shouldReadEveryWatchSetting() throws IOException {
    Path root = Files.createDirectories(temp.resolve("r"));

    WatcherConfig config =
        config(
            root,
            Map.of(
                WatcherConfig.ENV_SOURCE, "dwh",
                WatcherConfig.ENV_GLOB, "models/**.sql",
                WatcherConfig.ENV_MAX_FILE_BYTES, "2048",
                WatcherConfig.ENV_SETTLE_MS, "250",
                WatcherConfig.ENV_IGNORE_HIDDEN, "false"));

    assertThat(config.source()).isEqualTo("dwh");
    assertThat(config.glob()).isEqualTo("models/**.sql");
    assertThat(config.maxFileBytes()).isEqualTo(2048);
    assertThat(config.settleDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.ignoreHidden()).isFalse();
  }

  @Test
  void shouldRejectAMissingRoot() {
    assertThatThrownBy(() -> config(temp.resolve("nope"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void shouldRejectARootThatIsAFile() throws IOException {
    Path file = Files.writeString(temp.resolve("f.sql"), "select 1");
    assertThatThrownBy(() -> config(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void shouldRejectBadSettingsWithTheirNames() throws IOException {
    Path root = Files.createDirectories(temp.resolve("r"));
    assertThatThrownBy(() -> config(root, Map.of(WatcherConfig.ENV_SOURCE, "a:b")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(WatcherConfig.ENV_SOURCE);
    assertThatThrownBy(() -> config(root, Map.of(WatcherConfig.ENV_MAX_FILE_BYTES, "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(WatcherConfig.ENV_MAX_FILE_BYTES);
    assertThatThrownBy(() -> config(root, Map.of(WatcherConfig.ENV_GLOB, "**.{sql")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(WatcherConfig.ENV_GLOB);
  }

  @Test
  void shouldMatchTheGlobCaseInsensitivelyAndSkipHiddenPaths() {
    PathFilter filter = PathFilter.compile("**.sql", true);

    assertThat(filter.isCandidate("a.sql")).isTrue();
    assertThat(filter.isCandidate("deep/er/LOAD.SQL")).isTrue();
    assertThat(filter.isCandidate("a.sql.bak")).isFalse();
    assertThat(filter.isCandidate("readme.md")).isFalse();
    assertThat(filter.isCandidate(".git/x.sql")).isFalse();
    assertThat(filter.isCandidate("dir/.#lock.sql")).isFalse();
    assertThat(PathFilter.compile("**.sql", false).isCandidate(".git/x.sql")).isTrue();
    assertThat(PathFilter.compile("models/*.sql", true).isCandidate("Models/a.sql")).isTrue();
    assertThat(PathFilter.compile("models/*.sql", true).isCandidate("models/x/a.sql")).isFalse();
  }
}
