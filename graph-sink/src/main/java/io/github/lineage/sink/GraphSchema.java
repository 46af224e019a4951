package io.github.lineage.sink;

import java.util.List;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The constraints and indexes of the lineage graph (docs/design.md §5), created idempotently at
 * start-up. Uniqueness makes concurrent MERGE safe; the relationship indexes on {@code fileKey} let
 * a document find the edges it contributed before without scanning every edge.
 */
public final class GraphSchema {

  private static final Logger LOG = LoggerFactory.getLogger(GraphSchema.class);

  public static final List<String> STATEMENTS =
      List.of(
          "CREATE CONSTRAINT file_key IF NOT EXISTS FOR (f:File) REQUIRE f.key IS UNIQUE",
          "CREATE CONSTRAINT table_name IF NOT EXISTS FOR (t:Table) REQUIRE t.name IS UNIQUE",
          "CREATE CONSTRAINT column_name IF NOT EXISTS FOR (c:Column) REQUIRE c.name IS UNIQUE",
          "CREATE CONSTRAINT sink_offset_id IF NOT EXISTS FOR (o:SinkOffset) REQUIRE o.id IS UNIQUE",
          "CREATE CONSTRAINT schema_version_id IF NOT EXISTS FOR (v:SchemaVersion) REQUIRE v.id IS UNIQUE",
          // Indexes on the edges' `file` made the planner scan them for every MERGE
          // (GraphStatements).
          "DROP INDEX feeds_file IF EXISTS",
          "DROP INDEX derives_file IF EXISTS",
          "CREATE INDEX feeds_file_key IF NOT EXISTS FOR ()-[r:FEEDS]-() ON (r.fileKey)",
          "CREATE INDEX derives_file_key IF NOT EXISTS FOR ()-[r:DERIVES]-() ON (r.fileKey)",
          "CREATE INDEX influences_file_key IF NOT EXISTS FOR ()-[r:INFLUENCES]-() ON (r.fileKey)",
          "CREATE INDEX star_file_key IF NOT EXISTS FOR ()-[r:STAR]-() ON (r.fileKey)");

  /** The graph's schema version, raised by each migration once it ran; on one singleton node. */
  static final int VERSION = 1;

  static final String READ_VERSION =
      "OPTIONAL MATCH (v:SchemaVersion {id: 'lineage'}) RETURN v.version AS version";
  static final String WRITE_VERSION =
      "MERGE (v:SchemaVersion {id: 'lineage'}) SET v.version = $version";

  /**
   * The migrations, in order; migration i brings a graph from version i to i + 1. Each is
   * idempotent, so a crash between a migration and its version write only runs it again.
   */
  static final List<String> MIGRATIONS =
      List.of(
          // 1: edges written before the sink indexed a copy of their file key were never found by a
          // later edit or delete of their file (the detach seeks the fileKey index).
          """
      MATCH ()-[r:FEEDS|DERIVES]->() WHERE r.fileKey IS NULL AND r.file IS NOT NULL
      CALL (r) { SET r.fileKey = r.file } IN TRANSACTIONS OF 10000 ROWS""");

  private GraphSchema() {}

  public static void ensure(Driver driver) {
    try (Session session = driver.session()) {
      for (String statement : STATEMENTS) {
        // Schema statements cannot share a transaction with each other in Neo4j 5.
        session.executeWrite(tx -> tx.run(statement).consume());
      }
      session.run("CALL db.awaitIndexes(60)").consume();
      migrate(session);
    }
    LOG.info("graph constraints and indexes in place");
  }

  private static void migrate(Session session) {
    var version = session.executeRead(tx -> tx.run(READ_VERSION).single().get("version"));
    int from = version.isNull() ? 0 : version.asInt();
    for (int i = from; i < MIGRATIONS.size(); i++) {
      long started = System.nanoTime();
      // CALL … IN TRANSACTIONS needs an auto-commit transaction.
      session.run(MIGRATIONS.get(i)).consume();
      int reached = i + 1;
      session.executeWrite(
          tx -> tx.run(WRITE_VERSION, java.util.Map.of("version", reached)).consume());
      LOG.info(
          "graph schema migrated to version {} in {} ms",
          reached,
          (System.nanoTime() - started) / 1_000_000);
    }
  }
}
