package io.github.lineage.cli.faults;

import io.github.lineage.core.model.ContentHash;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.sink.Edge;
import io.github.lineage.sink.FileGraph;
import io.github.lineage.sql.LineageEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.neo4j.driver.Driver;

/**
 * The lineage graph as comparable lines, from two sides: what the engine of {@code lineage parse}
 * gives for a tree on disk, file by file as the parser does ({@link #ofTree}), and what Neo4j holds
 * ({@link #ofGraph}). One line per File node (with its sha256), Table and Column node, and per
 * READS, WRITES, FEEDS, DERIVES and HAS_COLUMN edge (FEEDS and DERIVES with their file key).
 */
public final class ExpectedGraph {

  private ExpectedGraph() {}

  /**
   * Every {@code .sql} file under {@code root} (hidden names skipped), keyed {@code source:path}.
   */
  static List<String> ofTree(Path root, String source) {
    List<String> lines = new ArrayList<>();
    try (LineageEngine engine = LineageEngine.defaults();
        Stream<Path> walk = Files.walk(root)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        if (!rel.toLowerCase(Locale.ROOT).endsWith(".sql") || hidden(rel)) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(file);
        String content = new String(bytes, StandardCharsets.UTF_8);
        FileLineage lineage = engine.extract(rel, content);
        String key = source + ":" + rel;
        LineageDocument document =
            new LineageDocument(
                LineageDocument.SCHEMA_VERSION,
                key,
                source,
                rel,
                ContentHash.sha256(bytes),
                engine.version(),
                Instant.EPOCH,
                lineage.statements(),
                lineage.errors());
        lines.add("File:" + key + " sha=" + document.sha256());
        lines.addAll(linesOf(key, document));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Tables, columns and HAS_COLUMN are shared between files: one line each.
    return lines.stream().distinct().sorted().toList();
  }

  /**
   * The lines of one file's document as the sink writes it (File node apart): its tables, columns,
   * READS/WRITES, FEEDS/DERIVES with the file, HAS_COLUMN.
   */
  public static List<String> linesOf(String key, LineageDocument document) {
    List<String> lines = new ArrayList<>();
    FileGraph graph = FileGraph.from(key, document, Instant.EPOCH);
    graph.tables().forEach(t -> lines.add("Table:" + t));
    graph.columns().forEach(c -> lines.add("Column:" + c));
    graph.reads().forEach(t -> lines.add(key + " -READS-> " + t));
    graph.writes().forEach(t -> lines.add(key + " -WRITES-> " + t));
    for (Edge e : graph.feeds()) {
      lines.add(e.source() + " -FEEDS-> " + e.target() + " [" + key + "]");
    }
    for (Edge e : graph.derives()) {
      lines.add(e.source() + " -DERIVES-> " + e.target() + " [" + key + "]");
    }
    graph.columns().forEach(c -> lines.add(FileGraph.tableOf(c) + " -HAS_COLUMN-> " + c));
    return lines;
  }

  private static boolean hidden(String rel) {
    for (String segment : rel.split("/")) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** The same lines from Neo4j; a line twice means a duplicate node or edge. */
  static List<String> ofGraph(Driver driver) {
    List<String> lines = new ArrayList<>();
    driver
        .executableQuery("MATCH (f:File) RETURN f.key AS key, f.sha256 AS sha")
        .execute()
        .records()
        .forEach(
            r ->
                lines.add(
                    "File:" + r.get("key").asString() + " sha=" + r.get("sha").asString(null)));
    driver
        .executableQuery("MATCH (t:Table) RETURN t.name AS name")
        .execute()
        .records()
        .forEach(r -> lines.add("Table:" + r.get("name").asString()));
    driver
        .executableQuery("MATCH (c:Column) RETURN c.name AS name")
        .execute()
        .records()
        .forEach(r -> lines.add("Column:" + r.get("name").asString()));
    driver
        .executableQuery(
            "MATCH (f:File)-[r:READS|WRITES]->(t:Table) RETURN f.key AS f, type(r) AS type, t.name AS t")
        .execute()
        .records()
        .forEach(
            r ->
                lines.add(
                    r.get("f").asString()
                        + " -"
                        + r.get("type").asString()
                        + "-> "
                        + r.get("t").asString()));
    driver
        .executableQuery(
            "MATCH (a)-[r:FEEDS|DERIVES]->(b) RETURN a.name AS a, type(r) AS type, b.name AS b, r.file AS file")
        .execute()
        .records()
        .forEach(
            r ->
                lines.add(
                    r.get("a").asString()
                        + " -"
                        + r.get("type").asString()
                        + "-> "
                        + r.get("b").asString()
                        + " ["
                        + r.get("file").asString(null)
                        + "]"));
    driver
        .executableQuery(
            "MATCH (t:Table)-[:HAS_COLUMN]->(c:Column) RETURN t.name AS t, c.name AS c")
        .execute()
        .records()
        .forEach(r -> lines.add(r.get("t").asString() + " -HAS_COLUMN-> " + r.get("c").asString()));
    return lines.stream().sorted().toList();
  }
}
