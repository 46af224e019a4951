package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.Neo4jSettings;
import io.github.lineage.local.EmbeddedNeo4j;
import io.github.lineage.sink.GraphSchema;
import io.github.lineage.sink.LineageQueries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.graphdb.Label;

/**
 * NEO4J_DATABASE on a real server. Community Neo4j has one user database, so the store here names
 * it {@code lineage} (there is no {@code neo4j}), and routing is shown on the {@code system}
 * database, which every server has: a session that ignored the setting would land on {@code
 * lineage}.
 */
class Neo4jDatabaseIT {

  private static final String CURRENT_DATABASE = "CALL db.info() YIELD name RETURN name";
  private static EmbeddedNeo4j neo4j;

  @BeforeAll
  static void start() {
    neo4j = EmbeddedNeo4j.startTemporary("lineage");
  }

  @AfterAll
  static void stop() {
    neo4j.close();
  }

  @Test
  void shouldOpenEverySessionAndExecutableQueryOnTheConfiguredDatabase() {
    try (Driver driver = Neo4jConnections.open(settings("system"))) {
      assertThat(current(driver.session())).isEqualTo("system");
      assertThat(current(driver.session(Session.class))).isEqualTo("system");
      assertThat(current(driver.session(SessionConfig.builder().withFetchSize(10).build())))
          .isEqualTo("system");
      assertThat(
              driver
                  .executableQuery(CURRENT_DATABASE)
                  .execute()
                  .records()
                  .get(0)
                  .get("name")
                  .asString())
          .isEqualTo("system");
      // A caller that names a database keeps it.
      assertThat(current(driver.session(SessionConfig.forDatabase("lineage"))))
          .isEqualTo("lineage");
    }
    try (Driver driver = Neo4jConnections.open(settings(""))) {
      assertThat(current(driver.session())).as("unset: the server's default").isEqualTo("lineage");
    }
  }

  @Test
  void shouldWriteTheSchemaAndAnswerQueriesOnTheNamedDatabase() {
    Neo4jSettings settings = settings("lineage");
    try (Driver driver = Neo4jConnections.open(settings)) {
      Neo4jConnections.require(driver, settings);
      GraphSchema.ensure(driver);
      assertThat(new LineageQueries(driver).fileShas()).isEmpty();
      assertThat(Readiness.neo4j(driver)).isTrue();
    }
    try (var tx = neo4j.database().beginTx()) {
      assertThat(tx.findNodes(Label.label("SchemaVersion")).stream().count()).isEqualTo(1);
    }
    var query =
        CliRunner.lineage(
            "query",
            "files",
            "raw.anything",
            "--neo4j-uri",
            neo4j.boltUri(),
            "--neo4j-database",
            "lineage",
            "--format",
            "json");
    // The graph there is empty: the answer, not a connection error, is that the table is unknown.
    assertThat(query.err()).startsWith("lineage: no table named 'raw.anything' in the graph");
  }

  @Test
  void shouldStopAtStartUpNamingADatabaseThatDoesNotExist() {
    Neo4jSettings settings = settings("neo4j");
    try (Driver driver = Neo4jConnections.open(settings)) {
      assertThatThrownBy(() -> Neo4jConnections.require(driver, settings))
          .isInstanceOf(UserException.class)
          .hasMessage(
              "Neo4j at "
                  + neo4j.boltUri()
                  + " has no database 'neo4j'; it has: lineage, system"
                  + " (set NEO4J_DATABASE)");
      assertThat(Readiness.neo4j(driver)).as("not ready without its database").isFalse();
    }
    var query =
        CliRunner.lineage(
            "query",
            "upstream",
            "mart.x",
            "--neo4j-uri",
            neo4j.boltUri(),
            "--neo4j-database",
            "nope");
    assertThat(query.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    List<String> lines = query.err().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("lineage: Neo4j at " + neo4j.boltUri() + " has no database 'nope'");
  }

  private static Neo4jSettings settings(String database) {
    return Neo4jSettings.from(
        new EnvReader(Map.of("NEO4J_URI", neo4j.boltUri(), "NEO4J_DATABASE", database)));
  }

  private static String current(Session session) {
    try (session) {
      return session.run(CURRENT_DATABASE).single().get("name").asString();
    }
  }
}
