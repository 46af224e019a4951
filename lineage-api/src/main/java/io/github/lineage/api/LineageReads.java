package io.github.lineage.api;

import io.github.lineage.api.Impact.ImpactFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.TransactionContext;

/**
 * Every read of the HTTP API and of {@code lineage query}, over the graph model of docs/design.md
 * §5. Each statement is a constant with its values in parameters only: a name, whatever characters
 * it holds, is compared as a value and never becomes Cypher. Sessions are read sessions with a
 * transaction timeout; every answer is bounded by {@link ApiLimits}.
 */
public final class LineageReads implements LineageAnswers {

  static final String TABLES_UPSTREAM =
      """
      UNWIND $frontier AS name
      MATCH (other:Table)-[e:FEEDS]->(:Table {name: name})
      RETURN other.name AS other, name AS via, e.file AS file, e.lines AS lines
      LIMIT $rows""";
  static final String TABLES_DOWNSTREAM =
      """
      UNWIND $frontier AS name
      MATCH (:Table {name: name})-[e:FEEDS]->(other:Table)
      RETURN other.name AS other, name AS via, e.file AS file, e.lines AS lines
      LIMIT $rows""";
  static final String COLUMNS_UPSTREAM =
      """
      UNWIND $frontier AS name
      MATCH (other:Column)-[e:DERIVES]->(:Column {name: name})
      RETURN other.name AS other, name AS via, e.file AS file, e.lines AS lines
      LIMIT $rows""";
  static final String COLUMNS_DOWNSTREAM =
      """
      UNWIND $frontier AS name
      MATCH (:Column {name: name})-[e:DERIVES]->(other:Column)
      RETURN other.name AS other, name AS via, e.file AS file, e.lines AS lines
      LIMIT $rows""";
  static final String INDIRECT_UPSTREAM =
      """
      UNWIND $names AS name
      MATCH (other:Column)-[e:INFLUENCES]->(:Column {name: name})
      RETURN other.name AS source, name AS target, e.kind AS kind, e.file AS file, e.lines AS lines
      ORDER BY source, target, kind, file
      LIMIT $rows""";
  static final String INDIRECT_DOWNSTREAM =
      """
      UNWIND $names AS name
      MATCH (:Column {name: name})-[e:INFLUENCES]->(other:Column)
      RETURN name AS source, other.name AS target, e.kind AS kind, e.file AS file, e.lines AS lines
      ORDER BY source, target, kind, file
      LIMIT $rows""";
  static final String KINDS =
      """
      UNWIND $names AS name
      OPTIONAL MATCH (t:Table {name: name})
      OPTIONAL MATCH (c:Column {name: name})
      RETURN name, t IS NOT NULL AS isTable, c IS NOT NULL AS isColumn""";
  static final String COLUMNS_OF_TABLES =
      """
      UNWIND $names AS name
      MATCH (:Table {name: name})-[:HAS_COLUMN]->(c:Column)
      RETURN DISTINCT c.name AS name
      LIMIT $rows""";
  static final String READERS =
      """
      MATCH (f:File)-[:READS]->(:Table {name: $name})
      RETURN f.key AS key ORDER BY key LIMIT $rows""";
  static final String WRITERS =
      """
      MATCH (f:File)-[:WRITES]->(:Table {name: $name})
      RETURN f.key AS key ORDER BY key LIMIT $rows""";
  static final String READERS_OF_TABLES =
      """
      UNWIND $names AS name
      MATCH (f:File)-[:READS]->(:Table {name: name})
      RETURN f.key AS file, name
      LIMIT $rows""";

  /**
   * The uniqueness constraints of the sink give Table.name and Column.name range indexes: a prefix
   * is a seek.
   */
  static final String SEARCH_TABLES =
      """
      MATCH (t:Table) WHERE t.name STARTS WITH $prefix
      RETURN t.name AS name ORDER BY name LIMIT $rows""";

  /**
   * A prefix without a dot also finds tables by their own name after the schema ({@code daily} →
   * rpt.daily_x).
   */
  static final String SEARCH_TABLES_BY_PART =
      """
      MATCH (t:Table) WHERE t.name CONTAINS $dotted
      WITH t.name AS name, split(t.name, '.') AS parts
      WHERE parts[size(parts) - 1] STARTS WITH $prefix
      RETURN name ORDER BY name LIMIT $rows""";

  static final String SEARCH_COLUMNS =
      """
      MATCH (c:Column) WHERE c.name STARTS WITH $prefix
      RETURN c.name AS name ORDER BY name LIMIT $rows""";

  public enum Direction {
    upstream,
    downstream
  }

  public enum Level {
    table,
    column
  }

  private final Driver driver;
  private final TransactionConfig transaction;

  /**
   * Reads for the API: each transaction is stopped after {@link ApiLimits#QUERY_TIMEOUT_SECONDS}.
   */
  public LineageReads(Driver driver) {
    this(driver, Duration.ofSeconds(ApiLimits.QUERY_TIMEOUT_SECONDS));
  }

  /** A command line may wait longer: a cold embedded store plans its first statements slowly. */
  public LineageReads(Driver driver, Duration timeout) {
    this.driver = Objects.requireNonNull(driver, "driver");
    this.transaction = TransactionConfig.builder().withTimeout(timeout).build();
  }

  /**
   * Names in the graph are lower case (the engine folds unquoted identifiers); so are the ones
   * asked for.
   */
  public static String normalise(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Upstream or downstream of a table (FEEDS) or, at column level, of a column or every column of a
   * table.
   */
  @Override
  public Traversal traverse(
      String name, Direction direction, Level level, int depth, int maxNodes) {
    String start = checkName(name);
    checkDepth(depth);
    checkNodes(maxNodes);
    boolean upstream = direction == Direction.upstream;
    // One read transaction per answer: one BEGIN and COMMIT, and every level sees the same graph.
    try (Session session = session()) {
      return session.executeRead(
          tx -> traverse(tx, start, upstream, direction, level, depth, maxNodes), transaction);
    }
  }

  private Traversal traverse(
      TransactionContext tx,
      String start,
      boolean upstream,
      Direction direction,
      Level level,
      int depth,
      int maxNodes) {
    Map<String, Kind> kinds = kinds(tx, List.of(start));
    Kind kind = kinds.get(start);
    Set<String> from;
    String step;
    if (level == Level.table) {
      if (!kind.table()) {
        throw new UnknownNameException("no table named '" + start + "' in the graph");
      }
      from = Set.of(start);
      step = upstream ? TABLES_UPSTREAM : TABLES_DOWNSTREAM;
    } else {
      if (!kind.table() && !kind.column()) {
        throw new UnknownNameException("no table or column named '" + start + "' in the graph");
      }
      from = kind.column() ? Set.of(start) : columnsOf(tx, Set.of(start));
      step = upstream ? COLUMNS_UPSTREAM : COLUMNS_DOWNSTREAM;
    }
    Walk.Result walk = Walk.run(step(tx, step), from, depth, maxNodes, upstream);
    if (level == Level.table) {
      return new Traversal(
          start,
          direction.name(),
          level.name(),
          depth,
          walk.hops(),
          walk.edges(),
          walk.truncated());
    }
    List<String> columns = new java.util.ArrayList<>(new java.util.TreeSet<>(from));
    walk.hops().forEach(h -> columns.add(h.name()));
    List<IndirectEdge> indirect =
        tx.run(
                upstream ? INDIRECT_UPSTREAM : INDIRECT_DOWNSTREAM,
                Map.of("names", columns, "rows", maxNodes))
            .list(
                r ->
                    new IndirectEdge(
                        r.get("source").asString(),
                        r.get("target").asString(),
                        r.get("kind").asString(),
                        r.get("file").asString(),
                        r.get("lines").isNull()
                            ? List.of()
                            : r.get("lines").asList(v -> v.asInt())));
    return new Traversal(
        start,
        direction.name(),
        level.name(),
        depth,
        walk.hops(),
        walk.edges(),
        walk.truncated(),
        indirect);
  }

  @Override
  public TableFiles files(String table) {
    String name = checkName(table);
    try (Session session = session()) {
      return session.executeRead(
          tx -> {
            if (!kinds(tx, List.of(name)).get(name).table()) {
              throw new UnknownNameException("no table named '" + name + "' in the graph");
            }
            Map<String, Object> params = Map.of("name", name, "rows", ApiLimits.MAX_NODES);
            return new TableFiles(
                name,
                tx.run(WRITERS, params).list(r -> r.get("key").asString()),
                tx.run(READERS, params).list(r -> r.get("key").asString()));
          },
          transaction);
    }
  }

  /**
   * Tables first (by full name, then by their own name after the schema), then columns; at most
   * {@code limit}.
   */
  @Override
  public SearchResult search(String prefix, int limit) {
    String p = checkName(prefix);
    if (limit < 1 || limit > ApiLimits.MAX_SEARCH) {
      throw new InvalidRequestException(
          "limit must be between 1 and " + ApiLimits.MAX_SEARCH + ", got " + limit);
    }
    Map<String, String> found = new LinkedHashMap<>();
    try (Session session = session()) {
      Map<String, Object> params = Map.of("prefix", p, "dotted", "." + p, "rows", limit + 1);
      List<String> statements = new ArrayList<>(List.of(SEARCH_TABLES));
      if (!p.contains(".")) {
        statements.add(SEARCH_TABLES_BY_PART);
      }
      session.executeRead(
          tx -> {
            found.clear();
            for (String statement : statements) {
              tx.run(statement, params)
                  .list(r -> r.get("name").asString())
                  .forEach(n -> found.putIfAbsent(n, "table"));
            }
            if (found.size() <= limit) {
              tx.run(SEARCH_COLUMNS, params)
                  .list(r -> r.get("name").asString())
                  .forEach(n -> found.putIfAbsent(n, "column"));
            }
            return null;
          },
          transaction);
    }
    List<SearchResult.Match> matches = new ArrayList<>();
    found.forEach((name, kind) -> matches.add(new SearchResult.Match(name, kind)));
    boolean truncated = matches.size() > limit;
    return new SearchResult(p, truncated ? matches.subList(0, limit) : matches, truncated);
  }

  /**
   * Everything downstream of the start tables and columns: tables through FEEDS, columns through
   * DERIVES from the start columns (a start table's columns included), the tables of those columns,
   * and every file whose statements create one of the edges or that reads an affected table.
   */
  @Override
  public Impact impact(List<String> names, int depth, int maxNodes, boolean skipUnknown) {
    if (names.isEmpty() || names.size() > ApiLimits.MAX_STARTS) {
      throw new InvalidRequestException(
          "give between 1 and " + ApiLimits.MAX_STARTS + " names, got " + names.size());
    }
    List<String> starts =
        new ArrayList<>(new LinkedHashSet<>(names.stream().map(LineageReads::checkName).toList()));
    checkDepth(depth);
    checkNodes(maxNodes);
    try (Session session = session()) {
      return session.executeRead(
          tx -> impact(tx, starts, depth, maxNodes, skipUnknown), transaction);
    }
  }

  private Impact impact(
      TransactionContext tx, List<String> starts, int depth, int maxNodes, boolean skipUnknown) {
    Map<String, Kind> kinds = kinds(tx, starts);
    List<String> unknown =
        starts.stream().filter(n -> !kinds.get(n).table() && !kinds.get(n).column()).toList();
    if (!unknown.isEmpty() && !skipUnknown) {
      throw new UnknownNameException(
          "no table or column named " + quoted(unknown) + " in the graph");
    }
    Set<String> startTables = new TreeSet<>();
    Set<String> startColumns = new TreeSet<>();
    kinds.forEach(
        (name, kind) -> {
          if (kind.table()) {
            startTables.add(name);
          }
          if (kind.column()) {
            startColumns.add(name);
          }
        });
    Walk.Result tables = Walk.run(step(tx, TABLES_DOWNSTREAM), startTables, depth, maxNodes, false);
    Set<String> columnStart = new TreeSet<>(startColumns);
    columnStart.addAll(columnsOf(tx, startTables));
    Walk.Result columns =
        Walk.run(step(tx, COLUMNS_DOWNSTREAM), columnStart, depth, maxNodes, false);
    List<Hop> affectedTables = withTablesOfColumns(tables.hops(), columns.hops(), startTables);
    Set<String> readTables = new TreeSet<>(startTables);
    startColumns.forEach(
        c -> {
          String t = tableOf(c);
          if (t != null) {
            readTables.add(t);
          }
        });
    affectedTables.forEach(h -> readTables.add(h.name()));
    List<Record> readers =
        tx.run(
                READERS_OF_TABLES,
                Map.of("names", new ArrayList<>(readTables), "rows", ApiLimits.MAX_EDGES + 1))
            .list();
    boolean truncated =
        tables.truncated()
            || columns.truncated()
            || readers.size() > ApiLimits.MAX_EDGES
            || affectedTables.size() > maxNodes;
    return new Impact(
        starts,
        depth,
        affectedTables.subList(0, Math.min(maxNodes, affectedTables.size())),
        columns.hops(),
        tables.edges(),
        columns.edges(),
        files(
            tables.edges(),
            columns.edges(),
            readers.subList(0, Math.min(readers.size(), ApiLimits.MAX_EDGES))),
        unknown,
        truncated);
  }

  /**
   * Adds, for column lineage that leaves the table walk (a column start), the tables owning the
   * affected columns.
   */
  private static List<Hop> withTablesOfColumns(
      List<Hop> tables, List<Hop> columns, Set<String> startTables) {
    Map<String, Hop> byName = new LinkedHashMap<>();
    tables.forEach(h -> byName.put(h.name(), h));
    Map<String, Hop> extra = new TreeMap<>();
    for (Hop column : columns) {
      String table = tableOf(column.name());
      if (table == null || byName.containsKey(table) || startTables.contains(table)) {
        continue;
      }
      Set<String> via = new TreeSet<>();
      column.via().forEach(v -> via.add(Objects.requireNonNullElse(tableOf(v), v)));
      Hop known = extra.get(table);
      if (known == null || column.distance() < known.distance()) {
        extra.put(table, new Hop(table, column.distance(), new ArrayList<>(via), column.files()));
      }
    }
    List<Hop> all = new ArrayList<>(byName.values());
    all.addAll(extra.values());
    all.sort(java.util.Comparator.comparingInt(Hop::distance).thenComparing(Hop::name));
    return all;
  }

  private static List<ImpactFile> files(
      List<LineageEdge> tableEdges, List<LineageEdge> columnEdges, List<Record> readers) {
    Map<String, Set<Integer>> lines = new TreeMap<>();
    Map<String, Set<String>> writes = new TreeMap<>();
    Map<String, Set<String>> reads = new TreeMap<>();
    List<LineageEdge> all = new ArrayList<>(tableEdges);
    all.addAll(columnEdges);
    for (LineageEdge e : all) {
      if (e.file() == null) {
        continue;
      }
      lines.computeIfAbsent(e.file(), f -> new TreeSet<>()).addAll(e.lines());
      writes.computeIfAbsent(e.file(), f -> new TreeSet<>()).add(e.target());
    }
    for (Record r : readers) {
      reads
          .computeIfAbsent(r.get("file").asString(), f -> new TreeSet<>())
          .add(r.get("name").asString());
    }
    Set<String> keys = new TreeSet<>(lines.keySet());
    keys.addAll(reads.keySet());
    List<ImpactFile> files = new ArrayList<>();
    for (String key : keys) {
      files.add(
          new ImpactFile(
              key,
              new ArrayList<>(lines.getOrDefault(key, Set.of())),
              new ArrayList<>(writes.getOrDefault(key, Set.of())),
              new ArrayList<>(reads.getOrDefault(key, Set.of()))));
    }
    return files;
  }

  /** The table of a column name {@code schema.table.column}, or null (the sink's own rule). */
  static String tableOf(String column) {
    int dot = column.lastIndexOf('.');
    return dot <= 0 || dot == column.length() - 1 ? null : column.substring(0, dot);
  }

  private record Kind(boolean table, boolean column) {}

  private static Map<String, Kind> kinds(TransactionContext tx, List<String> names) {
    Map<String, Kind> kinds = new LinkedHashMap<>();
    tx.run(KINDS, Map.of("names", names))
        .list()
        .forEach(
            r ->
                kinds.merge(
                    r.get("name").asString(),
                    new Kind(r.get("isTable").asBoolean(), r.get("isColumn").asBoolean()),
                    (a, b) -> new Kind(a.table() || b.table(), a.column() || b.column())));
    return kinds;
  }

  private static Set<String> columnsOf(TransactionContext tx, Set<String> tables) {
    if (tables.isEmpty()) {
      return Set.of();
    }
    List<String> columns =
        tx.run(
                COLUMNS_OF_TABLES,
                Map.of("names", new ArrayList<>(tables), "rows", ApiLimits.MAX_NODES))
            .list(r -> r.get("name").asString());
    return new TreeSet<>(columns);
  }

  private static Walk.Step step(TransactionContext tx, String statement) {
    return (frontier, rows) -> tx.run(statement, Map.of("frontier", frontier, "rows", rows)).list();
  }

  private Session session() {
    return driver.session(SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build());
  }

  static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidRequestException("a name is required");
    }
    if (name.length() > ApiLimits.MAX_NAME_LENGTH) {
      throw new InvalidRequestException(
          "a name is at most " + ApiLimits.MAX_NAME_LENGTH + " characters, got " + name.length());
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException("a name must not contain control characters");
    }
    return normalise(name);
  }

  static void checkDepth(int depth) {
    if (depth < 1 || depth > ApiLimits.MAX_DEPTH) {
      throw new InvalidRequestException(
          "depth must be between 1 and " + ApiLimits.MAX_DEPTH + ", got " + depth);
    }
  }

  static void checkNodes(int limit) {
    if (limit < 1 || limit > ApiLimits.MAX_NODES) {
      throw new InvalidRequestException(
          "limit must be between 1 and " + ApiLimits.MAX_NODES + ", got " + limit);
    }
  }

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
  }
}
