package io.github.lineage.api;

import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.SourceKey;
import io.github.lineage.core.model.StatementError;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.sink.GraphMerge;
import io.github.lineage.sink.GraphMerge.KeyedDocument;
import io.github.lineage.sql.LineageEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;

/**
 * Writes test graphs with the sink's own statements: SQL parsed by the real engine, turned into
 * documents, merged by the sink's {@link GraphMerge} into a graph with the sink's schema. Into an
 * empty graph the merge phase alone is the sink's whole write.
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
    List<KeyedDocument> documents = new ArrayList<>();
    try (LineageEngine engine = LineageEngine.defaults()) {
      files.forEach(
          (path, sql) -> {
            FileLineage lineage = engine.extract(path, sql);
            documents.add(
                document(
                    source,
                    path,
                    lineage.sha256(),
                    engine.version(),
                    lineage.statements(),
                    lineage.errors()));
          });
    }
    GraphMerge.write(driver, documents, MODIFIED);
  }

  /**
   * One file {@code source:path} whose one statement reads {@code from} and writes {@code to},
   * written as the sink writes any document: for table names no parser would produce.
   */
  static void writeStatement(Driver driver, String source, String path, String from, String to) {
    KeyedDocument doc =
        document(
            source,
            path,
            "sha-" + path,
            "test",
            List.of(new StatementLineage(1, 1, "INSERT", List.of(from), List.of(to), List.of())),
            List.of());
    GraphMerge.write(driver, List.of(doc), MODIFIED);
  }

  /**
   * The document the parser would publish for {@code source:path}, modified at {@link #MODIFIED}.
   */
  private static KeyedDocument document(
      String source,
      String path,
      String sha256,
      String version,
      List<StatementLineage> statements,
      List<StatementError> errors) {
    String key = new SourceKey(source, path).toString();
    return new KeyedDocument(
        key,
        new LineageDocument(
            LineageDocument.SCHEMA_VERSION,
            key,
            source,
            path,
            sha256,
            version,
            MODIFIED,
            statements,
            errors));
  }

  static long count(Driver driver, String cypher) {
    return driver.executableQuery(cypher).execute().records().get(0).get(0).asLong();
  }
}
