package io.github.lineage.core.flags;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.EnvReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnleashSettingsTest {

  @Test
  void shouldDefaultToOfflineWithAFifteenSecondIntervalAndAppNameLineage() {
    UnleashSettings settings =
        UnleashSettings.from(new EnvReader(Map.of("LINEAGE_HOME", "/data/lineage")));
    assertThat(settings.online()).isFalse();
    assertThat(settings.appName()).isEqualTo("lineage");
    assertThat(settings.fetchInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.backupFile())
        .isEqualTo(Path.of("/data/lineage/unleash/lineage-toggles-backup.json"));
  }

  @Test
  void shouldAcceptTheServerUrlWithOrWithoutTheApiPath() {
    assertThat(UnleashSettings.apiBase("http://unleash:4242"))
        .isEqualTo(URI.create("http://unleash:4242/api"));
    assertThat(UnleashSettings.apiBase("http://unleash:4242/"))
        .isEqualTo(URI.create("http://unleash:4242/api"));
    assertThat(UnleashSettings.apiBase("http://unleash:4242/api/"))
        .isEqualTo(URI.create("http://unleash:4242/api"));
    assertThat(UnleashSettings.apiBase("https://flags.example.org/unleash/api"))
        .isEqualTo(URI.create("https://flags.example.org/unleash/api"));
  }

  @Test
  void shouldReadEverySetting() {
    UnleashSettings settings =
        UnleashSettings.from(
            new EnvReader(
                Map.of(
                    "UNLEASH_URL", "http://unleash:4242/api",
                    "UNLEASH_API_TOKEN", "default:development.abc",
                    "UNLEASH_APP_NAME", "graph-sink",
                    "UNLEASH_FETCH_INTERVAL_SECONDS", "5",
                    "UNLEASH_BOOTSTRAP_FILE", "/etc/lineage/flags.json",
                    "UNLEASH_BACKUP_FILE", "/var/lib/lineage/flags-backup.json")));
    assertThat(settings.online()).isTrue();
    assertThat(settings.apiToken()).contains("default:development.abc");
    assertThat(settings.appName()).isEqualTo("graph-sink");
    assertThat(settings.fetchInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.bootstrapFile()).contains(Path.of("/etc/lineage/flags.json"));
    assertThat(settings.backupFile()).isEqualTo(Path.of("/var/lib/lineage/flags-backup.json"));
  }
}
