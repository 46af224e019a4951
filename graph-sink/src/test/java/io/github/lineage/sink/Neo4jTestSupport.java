package io.github.lineage.sink;

import io.github.lineage.local.EmbeddedNeo4j;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;

/** Opens test drivers the same way everywhere. */
final class Neo4jTestSupport {

  private Neo4jTestSupport() {}

  static Driver driver(EmbeddedNeo4j neo4j) {
    return driver(neo4j.boltUri());
  }

  // The driver's Logging is deprecated for System.Logger, which would bypass the SLF4J setup.
  @SuppressWarnings("deprecation")
  static Driver driver(String uri) {
    return GraphDatabase.driver(
        uri,
        AuthTokens.none(),
        Config.builder()
            .withLogging(Logging.slf4j())
            .withMaxTransactionRetryTime(5, java.util.concurrent.TimeUnit.SECONDS)
            .build());
  }
}
