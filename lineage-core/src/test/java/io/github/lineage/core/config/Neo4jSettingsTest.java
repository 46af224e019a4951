package io.github.lineage.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Neo4jSettingsTest {

  @Test
  void shouldReadNeo4jsOwnUsernameAndStillTheOldName() {
    assertThat(from(Map.of("NEO4J_USERNAME", "aura")).user()).isEqualTo("aura");
    assertThat(from(Map.of("NEO4J_USER", "old")).user()).isEqualTo("old");
    assertThat(from(Map.of("NEO4J_USERNAME", "same", "NEO4J_USER", "same")).user())
        .isEqualTo("same");
    assertThatThrownBy(() -> from(Map.of("NEO4J_USERNAME", "a", "NEO4J_USER", "b")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NEO4J_USERNAME")
        .hasMessageContaining("NEO4J_USER");
  }

  @Test
  void shouldPassTlsUrisThroughAsTheyAre() {
    for (String uri :
        new String[] {
          "neo4j+s://abcd1234.databases.neo4j.io",
          "bolt+s://db.example:7687",
          "neo4j+ssc://10.1.2.3:7687",
          "bolt+ssc://db:7687"
        }) {
      assertThat(from(Map.of("NEO4J_URI", uri)).uri()).isEqualTo(uri);
    }
    assertThatThrownBy(() -> from(Map.of("NEO4J_URI", "http://db:7474")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NEO4J_URI");
  }

  @Test
  void shouldNameTheConfiguredDatabaseOrNoneForTheServersDefault() {
    assertThat(from(Map.of("NEO4J_DATABASE", "lineage")).databaseName()).contains("lineage");
    assertThat(from(Map.of()).databaseName()).isEmpty();
  }

  @Test
  void shouldNeverPrintThePassword() {
    assertThat(from(Map.of("NEO4J_USERNAME", "u", "NEO4J_PASSWORD", "s3cr3t")).toString())
        .doesNotContain("s3cr3t");
  }

  private static Neo4jSettings from(Map<String, String> env) {
    return Neo4jSettings.from(new EnvReader(env));
  }
}
