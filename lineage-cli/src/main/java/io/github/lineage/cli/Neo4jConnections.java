package io.github.lineage.cli;

import io.github.lineage.core.config.Neo4jSettings;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;

/** Opens drivers the one way the CLI does: SLF4J logging, auth from the settings. */
public final class Neo4jConnections {

  private Neo4jConnections() {}

  static Driver open(Neo4jSettings settings) {
    AuthToken auth = settings.authenticated()
        ? AuthTokens.basic(settings.user(), settings.password())
        : AuthTokens.none();
    Config config = Config.builder()
        .withLogging(Logging.slf4j())
        .withConnectionTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
        .build();
    return GraphDatabase.driver(settings.uri(), auth, config);
  }

  public static Driver open(String boltUri) {
    return open(new Neo4jSettings(boltUri, "", "", "neo4j"));
  }
}
