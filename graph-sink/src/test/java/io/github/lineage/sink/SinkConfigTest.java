package io.github.lineage.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

  @Test
  void shouldUseDocumentedDefaultsWhenNothingIsSet() {
    SinkConfig config = SinkConfig.from(new EnvReader(Map.of()));
    assertThat(config).isEqualTo(SinkConfig.defaults());
    assertThat(config.groupId()).isEqualTo("lineage-sink");
    assertThat(config.batchSize()).isEqualTo(100);
    assertThat(config.linger()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.workers()).isEqualTo(4);
    assertThat(config.maxAttempts()).isEqualTo(5);
    assertThat(config.maxPollInterval()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void shouldReadEveryVariable() {
    SinkConfig config =
        SinkConfig.from(
            new EnvReader(
                Map.of(
                    "SINK_GROUP_ID",
                    "g",
                    "NEO4J_BATCH_SIZE",
                    "7",
                    "NEO4J_BATCH_LINGER_MS",
                    "30",
                    "INGEST_WORKERS",
                    "2",
                    "SINK_MAX_ATTEMPTS",
                    "3",
                    "SINK_BACKOFF_INITIAL_MS",
                    "10",
                    "SINK_BACKOFF_MAX_MS",
                    "40",
                    "SINK_POLL_TIMEOUT_MS",
                    "99",
                    "SINK_MAX_POLL_INTERVAL_MS",
                    "15000",
                    "NEO4J_BATCH_MAX_BYTES",
                    "65536")));
    assertThat(config)
        .isEqualTo(
            new SinkConfig(
                "g",
                7,
                Duration.ofMillis(30),
                2,
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(40),
                Duration.ofMillis(99),
                Duration.ofSeconds(15),
                65536));
  }

  @Test
  void shouldRejectInvalidValuesNamingTheVariable() {
    assertThatThrownBy(() -> SinkConfig.from(new EnvReader(Map.of("NEO4J_BATCH_SIZE", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NEO4J_BATCH_SIZE");
    assertThatThrownBy(() -> SinkConfig.from(new EnvReader(Map.of("INGEST_WORKERS", "many"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("INGEST_WORKERS");
    assertThatThrownBy(
            () ->
                SinkConfig.from(
                    new EnvReader(
                        Map.of("SINK_BACKOFF_INITIAL_MS", "500", "SINK_BACKOFF_MAX_MS", "100"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SINK_BACKOFF_MAX_MS");
    assertThatThrownBy(
            () -> SinkConfig.from(new EnvReader(Map.of("SINK_MAX_POLL_INTERVAL_MS", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SINK_MAX_POLL_INTERVAL_MS");
  }

  @Test
  void shouldDoubleTheBackoffUpToItsMaximum() {
    SinkConfig config =
        SinkConfig.defaults().withRetries(5, Duration.ofMillis(100), Duration.ofMillis(350));
    assertThat(config.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(config.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(config.backoff(3)).isEqualTo(Duration.ofMillis(350));
    assertThat(config.backoff(30)).isEqualTo(Duration.ofMillis(350));
  }
}
