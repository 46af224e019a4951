package io.github.lineage.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestWorkersTest {

  @Test
  void shouldDefaultToFourAndAcceptTheWholeRange() {
    assertThat(IngestWorkers.from(new EnvReader(Map.of()))).isEqualTo(4);
    assertThat(IngestWorkers.from(new EnvReader(Map.of("INGEST_WORKERS", "1")))).isEqualTo(1);
    assertThat(IngestWorkers.from(new EnvReader(Map.of("INGEST_WORKERS", "64")))).isEqualTo(64);
  }

  @Test
  void shouldRejectACountOutsideTheLimitNamingTheSetting() {
    for (String bad : new String[] {"0", "65", "four"}) {
      assertThatThrownBy(() -> IngestWorkers.from(new EnvReader(Map.of("INGEST_WORKERS", bad))))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("INGEST_WORKERS");
    }
    assertThatThrownBy(() -> IngestWorkers.check(65))
        .hasMessage("INGEST_WORKERS must be between 1 and 64, got 65");
  }
}
