package io.github.lineage.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * The read side of the lineage graph: what feeds a table, what it feeds, which files read and write
 * it. Traversals go level by level (breadth first) so that parallel edges of many files and cycles
 * cost one row per edge, never one per path; depth is bounded by {@link #MAX_DEPTH}.
 */
public final class LineageQueries {

  public static final int MAX_DEPTH = 20;

  static final String TABLES_UPSTREAM =
      """
      UNWIND $frontier AS name
      MATCH (s:Table)-[e:FEEDS]->(:Table {name: name})
      RETURN s.name AS name, name AS via, e.file AS file""";
  static final String TABLES_DOWNSTREAM =
      """
      UNWIND $frontier AS name
      MATCH (:Table {name: name})-[e:FEEDS]->(t:Table)
      RETURN t.name AS name, name AS via, e.file AS file""";
  static final String COLUMNS_UPSTREAM =
      """
      UNWIND $frontier AS name
      MATCH (s:Column)-[e:DERIVES]->(:Column {name: name})
      RETURN s.name AS name, name AS via, e.file AS file""";
  static final String COLUMNS_DOWNSTREAM =
      """
      UNWIND $frontier AS name
      MATCH (:Column {name: name})-[e:DERIVES]->(t:Column)
      RETURN t.name AS name, name AS via, e.file AS file""";
  static final String START_COLUMNS =
      """
      OPTIONAL MATCH (c:Column {name: $name})
      OPTIONAL MATCH (:Table {name: $name})-[:HAS_COLUMN]->(tc:Column)
      RETURN collect(DISTINCT c.name) AS columns, collect(DISTINCT tc.name) AS tableColumns""";
  static final String READERS =
      """
      MATCH (f:File)-[:READS]->(:Table {name: $name}) RETURN f.key AS key ORDER BY key""";
  static final String WRITERS =
      """
      MATCH (f:File)-[:WRITES]->(:Table {name: $name}) RETURN f.key AS key ORDER BY key""";
  static final String FILE_SHAS = "MATCH (f:File) RETURN f.key AS key, f.sha256 AS sha256";
  static final String NODE_COUNTS =
      "MATCH (n) WHERE NOT n:SinkOffset AND NOT n:SchemaVersion UNWIND labels(n) AS label RETURN label, count(*) AS n";
  static final String RELATIONSHIP_COUNTS =
      "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n";

  private final Driver driver;

  public LineageQueries(Driver driver) {
    this.driver = Objects.requireNonNull(driver, "driver");
  }

  /**
   * Tables that feed {@code table}, directly (distance 1) or through others, up to {@code depth}.
   */
  public List<LineageHop> upstream(String table, int depth) {
    return traverse(TABLES_UPSTREAM, Set.of(table), depth);
  }

  /** Tables that {@code table} feeds, up to {@code depth} hops. */
  public List<LineageHop> downstream(String table, int depth) {
    return traverse(TABLES_DOWNSTREAM, Set.of(table), depth);
  }

  /** Columns that a column (or every column of a table) derives from, up to {@code depth} hops. */
  public List<LineageHop> upstreamColumns(String tableOrColumn, int depth) {
    return traverse(COLUMNS_UPSTREAM, startColumns(tableOrColumn), depth);
  }

  /** Columns derived from a column (or from any column of a table), up to {@code depth} hops. */
  public List<LineageHop> downstreamColumns(String tableOrColumn, int depth) {
    return traverse(COLUMNS_DOWNSTREAM, startColumns(tableOrColumn), depth);
  }

  public TableFiles files(String table) {
    Objects.requireNonNull(table, "table");
    try (Session session = driver.session()) {
      return session.executeRead(
          tx ->
              new TableFiles(
                  table,
                  tx.run(READERS, Map.of("name", table)).list(r -> r.get("key").asString()),
                  tx.run(WRITERS, Map.of("name", table)).list(r -> r.get("key").asString())));
    }
  }

  /** File key → sha256 of every file in the graph: tells whether the graph is current. */
  public Map<String, String> fileShas() {
    try (Session session = driver.session()) {
      return session.executeRead(
          tx -> {
            Map<String, String> shas = new TreeMap<>();
            tx.run(FILE_SHAS)
                .forEachRemaining(
                    r -> shas.put(r.get("key").asString(), r.get("sha256").asString(null)));
            return shas;
          });
    }
  }

  public GraphCounts graphCounts() {
    try (Session session = driver.session()) {
      return session.executeRead(
          tx -> {
            Map<String, Long> nodes = new HashMap<>();
            Map<String, Long> relationships = new HashMap<>();
            tx.run(NODE_COUNTS)
                .forEachRemaining(r -> nodes.put(r.get("label").asString(), r.get("n").asLong()));
            tx.run(RELATIONSHIP_COUNTS)
                .forEachRemaining(
                    r -> relationships.put(r.get("type").asString(), r.get("n").asLong()));
            return new GraphCounts(nodes, relationships);
          });
    }
  }

  private Set<String> startColumns(String tableOrColumn) {
    Objects.requireNonNull(tableOrColumn, "tableOrColumn");
    try (Session session = driver.session()) {
      Record record =
          session.executeRead(tx -> tx.run(START_COLUMNS, Map.of("name", tableOrColumn)).single());
      List<String> columns = record.get("columns").asList(v -> v.asString());
      return new TreeSet<>(
          columns.isEmpty() ? record.get("tableColumns").asList(v -> v.asString()) : columns);
    }
  }

  private List<LineageHop> traverse(String step, Set<String> start, int depth) {
    if (depth < 1 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "depth must be between 1 and " + MAX_DEPTH + ", got " + depth);
    }
    start.forEach(name -> Objects.requireNonNull(name, "name"));
    Set<String> visited = new TreeSet<>(start);
    List<String> frontier = new ArrayList<>(start);
    List<LineageHop> hops = new ArrayList<>();
    try (Session session = driver.session()) {
      for (int distance = 1; distance <= depth && !frontier.isEmpty(); distance++) {
        List<String> current = frontier;
        List<Record> edges =
            session.executeRead(tx -> tx.run(step, Map.of("frontier", current)).list());
        Map<String, Set<String>> via = new LinkedHashMap<>();
        Map<String, Set<String>> files = new HashMap<>();
        for (Record edge : edges) {
          String name = edge.get("name").asString();
          if (visited.contains(name)) {
            continue;
          }
          via.computeIfAbsent(name, n -> new TreeSet<>()).add(edge.get("via").asString());
          files.computeIfAbsent(name, n -> new TreeSet<>()).add(edge.get("file").asString(""));
        }
        List<String> next = new ArrayList<>(new TreeSet<>(via.keySet()));
        for (String name : next) {
          hops.add(
              new LineageHop(
                  name,
                  distance,
                  new ArrayList<>(via.get(name)),
                  new ArrayList<>(files.get(name))));
        }
        visited.addAll(next);
        frontier = next;
      }
    }
    return hops;
  }
}
