package io.github.lineage.api;

import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.SourceKey;
import io.github.lineage.sink.BatchStrategy;
import io.github.lineage.sink.FileGraph;
import io.github.lineage.sink.FileState;
import io.github.lineage.sink.GraphPlanner;
import io.github.lineage.sink.GraphSchema;
import io.github.lineage.sql.LineageEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * Writes test graphs with the sink's own statements: SQL parsed by the real engine, turned into
 * documents and file graphs as the sink does, merged by {@link GraphPlanner} into a graph with the
 * sink's schema. Into an empty graph the merge phase alone is the sink's whole write.
 */
final class TestGraph {

  static final Instant MODIFIED = Instant.parse("2026-12-01T09:00:00Z");

  /**
   * The fixture most tests read: raw → stg → mart → rpt, a second source of mart, a reader-only
   * report.
   */
  static final Map<String, String> WAREHOUSE =
      Map.of(
          "staging/stg_trades.sql",
              """
          -- trades, cleaned
          INSERT INTO stg.trades (id, amount) SELECT t.id, t.amount FROM raw.trades t;
          """,
          "marts/positions.sql",
              """
          CREATE TABLE mart.positions AS SELECT s.id, s.amount AS exposure FROM stg.trades s;

          INSERT INTO mart.positions (id, exposure) SELECT r.id, r.amount FROM raw.adjustments r;
          """,
          "reports/risk.sql",
              """
          CREATE VIEW rpt.risk AS SELECT p.id, p.exposure FROM mart.positions p;
          """,
          "reports/adhoc.sql",
              """
          SELECT r.id FROM rpt.risk r;
          """);

  private TestGraph() {}

  static void writeSql(Driver driver, String source, Map<String, String> files) {
    List<FileGraph> graphs = new ArrayList<>();
    try (LineageEngine engine = LineageEngine.defaults()) {
      files.forEach(
          (path, sql) -> {
            FileLineage lineage = engine.extract(path, sql);
            String key = new SourceKey(source, path).toString();
            LineageDocument doc =
                new LineageDocument(
                    LineageDocument.SCHEMA_VERSION,
                    key,
                    source,
                    path,
                    lineage.sha256(),
                    engine.version(),
                    MODIFIED,
                    lineage.statements(),
                    lineage.errors());
            graphs.add(FileGraph.from(key, doc, MODIFIED));
          });
    }
    write(driver, graphs);
  }

  static void write(Driver driver, List<FileGraph> graphs) {
    GraphSchema.ensure(driver);
    List<FileState> changes = graphs.stream().map(FileState::upsert).toList();
    try (Session session = driver.session()) {
      session.executeWrite(
          tx -> {
            for (BatchStrategy.Statement statement :
                BatchStrategy.group(GraphPlanner.merge(changes))) {
              tx.run(statement.cypher(), statement.parameters()).consume();
            }
            return null;
          });
    }
  }

  static long count(Driver driver, String cypher) {
    return driver.executableQuery(cypher).execute().records().get(0).get(0).asLong();
  }
}
