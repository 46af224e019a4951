package io.github.lineage.sink;

import io.github.lineage.local.EmbeddedNeo4j;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.neo4j.driver.Driver;

/**
 * The graph ITs' fixture: one embedded Neo4j per test class, a driver on it and the sink's schema,
 * ready before the class's own {@code @BeforeAll} methods run. Register it as a static field with
 * {@code @RegisterExtension}.
 */
final class Neo4jFixture implements BeforeAllCallback, AfterAllCallback {

  private EmbeddedNeo4j neo4j;
  private Driver driver;

  @Override
  public void beforeAll(ExtensionContext context) {
    neo4j = EmbeddedNeo4j.startTemporary();
    driver = Neo4jTestSupport.driver(neo4j);
    GraphSchema.ensure(driver);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      driver.close();
    } finally {
      neo4j.close();
    }
  }

  Driver driver() {
    return driver;
  }

  EmbeddedNeo4j embedded() {
    return neo4j;
  }
}
