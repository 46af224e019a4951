package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.Neo4jSettings;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/** Drivers are created without connecting, so the URI schemes can be checked without a server. */
class Neo4jConnectionsTest {

  @Test
  void shouldHandTlsUrisToTheDriverAsTheyAre() {
    // The driver refuses manual trust settings on +s/+ssc schemes: opening these proves there are
    // none.
    for (String uri :
        new String[] {
          "neo4j+s://abcd1234.databases.neo4j.io",
          "bolt+s://db.example:7687",
          "neo4j+ssc://db.example:7687"
        }) {
      try (Driver driver =
          Neo4jConnections.open(new Neo4jSettings(uri, "neo4j", "secret", "neo4j"))) {
        assertThat(driver.isEncrypted()).as(uri).isTrue();
      }
    }
    try (Driver driver = Neo4jConnections.open(new Neo4jSettings("bolt://db:7687", "", "", ""))) {
      assertThat(driver.isEncrypted()).isFalse();
    }
  }

  @Test
  void shouldPinTheDatabaseOnlyWhenOneIsConfigured() {
    try (Driver pinned =
            Neo4jConnections.open(new Neo4jSettings("bolt://db:7687", "", "", "lineage"));
        Driver plain = Neo4jConnections.open(new Neo4jSettings("bolt://db:7687", "", "", ""))) {
      assertThat(pinned)
          .isInstanceOfSatisfying(
              DatabaseDriver.class, d -> assertThat(d.database()).isEqualTo("lineage"));
      assertThat(plain).isNotInstanceOf(DatabaseDriver.class);
    }
  }
}
