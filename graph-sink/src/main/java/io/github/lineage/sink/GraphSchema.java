package io.github.lineage.sink;

import java.util.List;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The constraints and indexes of the lineage graph (docs/design.md §5), created idempotently at start-up.
 * Uniqueness makes concurrent MERGE safe; the relationship indexes on {@code fileKey} let a document
 * find the edges it contributed before without scanning every edge.
 */
public final class GraphSchema {

  private static final Logger LOG = LoggerFactory.getLogger(GraphSchema.class);

  public static final List<String> STATEMENTS = List.of(
      "CREATE CONSTRAINT file_key IF NOT EXISTS FOR (f:File) REQUIRE f.key IS UNIQUE",
      "CREATE CONSTRAINT table_name IF NOT EXISTS FOR (t:Table) REQUIRE t.name IS UNIQUE",
      "CREATE CONSTRAINT column_name IF NOT EXISTS FOR (c:Column) REQUIRE c.name IS UNIQUE",
      "CREATE CONSTRAINT sink_offset_id IF NOT EXISTS FOR (o:SinkOffset) REQUIRE o.id IS UNIQUE",
      // Indexes on the edges' `file` made the planner scan them for every MERGE (GraphStatements).
      "DROP INDEX feeds_file IF EXISTS",
      "DROP INDEX derives_file IF EXISTS",
      "CREATE INDEX feeds_file_key IF NOT EXISTS FOR ()-[r:FEEDS]-() ON (r.fileKey)",
      "CREATE INDEX derives_file_key IF NOT EXISTS FOR ()-[r:DERIVES]-() ON (r.fileKey)");

  private GraphSchema() {}

  public static void ensure(Driver driver) {
    try (Session session = driver.session()) {
      for (String statement : STATEMENTS) {
        // Schema statements cannot share a transaction with each other in Neo4j 5.
        session.executeWrite(tx -> tx.run(statement).consume());
      }
      session.run("CALL db.awaitIndexes(60)").consume();
    }
    LOG.info("graph constraints and indexes in place");
  }
}
