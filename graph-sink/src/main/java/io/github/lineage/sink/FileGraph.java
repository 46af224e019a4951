package io.github.lineage.sink;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.SourceKey;
import io.github.lineage.core.model.StatementLineage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one file contributes to the graph, derived from its lineage document: the tables it
 * reads and writes, the FEEDS pairs (every source of a statement feeds every target of it) and the
 * DERIVES pairs of its direct column lineage, the INFLUENCES edges of its indirect column lineage
 * (the key set of {@code influences}, each with its statement lines), its star edges ({@code S.* ->
 * T.*} the engine could not expand: table pairs with their lines, expanded in the graph) and the
 * columns of the tables it defines. All sets are sorted so that every writer touches nodes in the
 * same order. {@code feedLines} and {@code deriveLines} give, per edge, the first lines of the
 * statements that create it (docs/design.md §5): what the explorer and {@code lineage impact} point
 * at.
 */
public record FileGraph(
    String key,
    String source,
    String path,
    String sha256,
    Instant updatedAt,
    int errorCount,
    SortedSet<String> reads,
    SortedSet<String> writes,
    SortedSet<Edge> feeds,
    SortedSet<Edge> derives,
    SortedMap<Edge, SortedSet<Integer>> feedLines,
    SortedMap<Edge, SortedSet<Integer>> deriveLines,
    SortedMap<Influence, SortedSet<Integer>> influences,
    SortedMap<Edge, SortedSet<Integer>> stars,
    SortedMap<String, List<String>> defines) {

  private static final Logger LOG = LoggerFactory.getLogger(FileGraph.class);

  public FileGraph {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(updatedAt, "updatedAt");
    reads = new TreeSet<>(reads);
    writes = new TreeSet<>(writes);
    feeds = new TreeSet<>(feeds);
    derives = new TreeSet<>(derives);
    feedLines = copy(feedLines);
    deriveLines = copy(deriveLines);
    influences = copy(influences);
    stars = copy(stars);
    SortedMap<String, List<String>> definesCopy = new TreeMap<>();
    if (defines != null) {
      defines.forEach((table, columns) -> definesCopy.put(table, List.copyOf(columns)));
    }
    defines = definesCopy;
  }

  /** The contribution without star edges or defined columns. */
  public FileGraph(
      String key,
      String source,
      String path,
      String sha256,
      Instant updatedAt,
      int errorCount,
      SortedSet<String> reads,
      SortedSet<String> writes,
      SortedSet<Edge> feeds,
      SortedSet<Edge> derives,
      SortedMap<Edge, SortedSet<Integer>> feedLines,
      SortedMap<Edge, SortedSet<Integer>> deriveLines,
      SortedMap<Influence, SortedSet<Integer>> influences) {
    this(
        key,
        source,
        path,
        sha256,
        updatedAt,
        errorCount,
        reads,
        writes,
        feeds,
        derives,
        feedLines,
        deriveLines,
        influences,
        new TreeMap<>(),
        new TreeMap<>());
  }

  /** The contribution without indirect column edges. */
  public FileGraph(
      String key,
      String source,
      String path,
      String sha256,
      Instant updatedAt,
      int errorCount,
      SortedSet<String> reads,
      SortedSet<String> writes,
      SortedSet<Edge> feeds,
      SortedSet<Edge> derives,
      SortedMap<Edge, SortedSet<Integer>> feedLines,
      SortedMap<Edge, SortedSet<Integer>> deriveLines) {
    this(
        key,
        source,
        path,
        sha256,
        updatedAt,
        errorCount,
        reads,
        writes,
        feeds,
        derives,
        feedLines,
        deriveLines,
        new TreeMap<>());
  }

  /** The contribution without statement lines (tests and callers that have none). */
  public FileGraph(
      String key,
      String source,
      String path,
      String sha256,
      Instant updatedAt,
      int errorCount,
      SortedSet<String> reads,
      SortedSet<String> writes,
      SortedSet<Edge> feeds,
      SortedSet<Edge> derives) {
    this(
        key,
        source,
        path,
        sha256,
        updatedAt,
        errorCount,
        reads,
        writes,
        feeds,
        derives,
        new TreeMap<>(),
        new TreeMap<>());
  }

  /**
   * The contribution of {@code document} under record key {@code key} (the record key wins over the
   * document's own, as compaction goes by it).
   *
   * @param fallbackTime used as {@code updatedAt} when the document has no modification time
   * @throws InvalidDocumentException when a table name is blank or the key is not {@code
   *     source:path}
   */
  public static FileGraph from(String key, LineageDocument document, Instant fallbackTime) {
    SourceKey sourceKey;
    try {
      sourceKey = SourceKey.parse(key);
    } catch (IllegalArgumentException e) {
      throw new InvalidDocumentException(e.getMessage());
    }
    SortedSet<String> reads = new TreeSet<>();
    SortedSet<String> writes = new TreeSet<>();
    SortedSet<Edge> feeds = new TreeSet<>();
    SortedSet<Edge> derives = new TreeSet<>();
    SortedMap<Edge, SortedSet<Integer>> feedLines = new TreeMap<>();
    SortedMap<Edge, SortedSet<Integer>> deriveLines = new TreeMap<>();
    SortedMap<Influence, SortedSet<Integer>> influences = new TreeMap<>();
    SortedMap<Edge, SortedSet<Integer>> stars = new TreeMap<>();
    int skippedColumns = 0;
    for (StatementLineage statement : document.statements()) {
      List<String> sources = statement.sources().stream().map(FileGraph::tableName).toList();
      List<String> targets = statement.targets().stream().map(FileGraph::tableName).toList();
      reads.addAll(sources);
      writes.addAll(targets);
      for (String s : sources) {
        for (String t : targets) {
          Edge edge = new Edge(s, t);
          feeds.add(edge);
          addLine(feedLines, edge, statement.line());
        }
      }
      for (ColumnEdge column : statement.columns()) {
        for (String sourceColumn : column.sources()) {
          String starTarget = starTable(column.target());
          String starSource = starTable(sourceColumn);
          if (starTarget != null && starSource != null) {
            // A `*` the engine could not expand from this file alone: the graph expands it
            // (docs/design.md §5).
            Edge star = new Edge(starSource, starTarget);
            stars.computeIfAbsent(star, e -> new TreeSet<>());
            addLine(stars, star, statement.line());
            continue;
          }
          if (tableOf(sourceColumn) == null || tableOf(column.target()) == null) {
            skippedColumns++;
            continue;
          }
          Edge edge = new Edge(sourceColumn, column.target());
          derives.add(edge);
          addLine(deriveLines, edge, statement.line());
        }
      }
      for (StatementLineage.Indirect indirect : statement.indirect()) {
        for (String sourceColumn : indirect.sources()) {
          if (tableOf(sourceColumn) == null || tableOf(indirect.target()) == null) {
            skippedColumns++;
            continue;
          }
          Influence edge = new Influence(sourceColumn, indirect.target(), indirect.kind());
          influences.computeIfAbsent(edge, e -> new TreeSet<>());
          addLine(influences, edge, statement.line());
        }
      }
    }
    if (skippedColumns > 0) {
      // An unqualified column has no table to hang from; the rest of the file still counts.
      LOG.warn(
          "{}: skipped {} column edge(s) whose column names are not qualified as table.column",
          key,
          skippedColumns);
    }
    return new FileGraph(
        key,
        document.source() != null ? document.source() : sourceKey.source(),
        document.path() != null ? document.path() : sourceKey.path(),
        document.sha256(),
        document.modifiedAt() != null ? document.modifiedAt() : fallbackTime,
        document.errorCount(),
        reads,
        writes,
        feeds,
        derives,
        feedLines,
        deriveLines,
        influences,
        stars,
        new TreeMap<>(document.defines()));
  }

  /** The table of {@code table.*}, or null when the name is not a star. */
  static String starTable(String column) {
    return column != null && column.endsWith(".*") && column.length() > 2
        ? column.substring(0, column.length() - 2)
        : null;
  }

  /**
   * The first lines of the statements that create star edge {@code edge}, ascending (empty when
   * unknown).
   */
  public List<Integer> linesOfStar(Edge edge) {
    return List.copyOf(stars.getOrDefault(edge, new TreeSet<>()));
  }

  /** Each defined table with its columns, as one string per table: what a re-expansion compares. */
  public SortedSet<String> definitions() {
    SortedSet<String> all = new TreeSet<>();
    defines.forEach((table, columns) -> all.add(definition(table, columns)));
    return all;
  }

  static String definition(String table, List<String> columns) {
    return table + '\u0000' + String.join("\u0000", columns);
  }

  /**
   * The first lines of the statements that create FEEDS {@code edge}, ascending (empty when
   * unknown).
   */
  public List<Integer> linesOfFeed(Edge edge) {
    return List.copyOf(feedLines.getOrDefault(edge, new TreeSet<>()));
  }

  /**
   * The first lines of the statements that create DERIVES {@code edge}, ascending (empty when
   * unknown).
   */
  public List<Integer> linesOfDerive(Edge edge) {
    return List.copyOf(deriveLines.getOrDefault(edge, new TreeSet<>()));
  }

  /**
   * The first lines of the statements that create INFLUENCES {@code edge}, ascending (empty when
   * unknown).
   */
  public List<Integer> linesOfInfluence(Influence edge) {
    return List.copyOf(influences.getOrDefault(edge, new TreeSet<>()));
  }

  private static <E> void addLine(SortedMap<E, SortedSet<Integer>> lines, E edge, int line) {
    if (line > 0) {
      lines.computeIfAbsent(edge, e -> new TreeSet<>()).add(line);
    }
  }

  private static <E> SortedMap<E, SortedSet<Integer>> copy(SortedMap<E, SortedSet<Integer>> lines) {
    SortedMap<E, SortedSet<Integer>> copy = new TreeMap<>();
    if (lines != null) {
      lines.forEach((edge, set) -> copy.put(edge, new TreeSet<>(set)));
    }
    return copy;
  }

  /** The table of a fully qualified column name ({@code schema.table.column}), or null. */
  public static String tableOf(String column) {
    if (column == null) {
      return null;
    }
    int dot = column.lastIndexOf('.');
    return dot <= 0 || dot == column.length() - 1 ? null : column.substring(0, dot);
  }

  private static String tableName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidDocumentException("blank table name");
    }
    return name;
  }

  /**
   * Every table this file makes exist: read, written, defined, in a star edge, or owning one of its
   * columns.
   */
  public SortedSet<String> tables() {
    SortedSet<String> tables = new TreeSet<>(reads);
    tables.addAll(writes);
    tables.addAll(defines.keySet());
    for (Edge star : stars.keySet()) {
      tables.add(star.source());
      tables.add(star.target());
    }
    for (String column : columns()) {
      tables.add(tableOf(column));
    }
    return tables;
  }

  public SortedSet<String> columns() {
    SortedSet<String> columns = new TreeSet<>();
    for (Edge edge : derives) {
      columns.add(edge.source());
      columns.add(edge.target());
    }
    for (Influence edge : influences.keySet()) {
      columns.add(edge.source());
      columns.add(edge.target());
    }
    return columns;
  }
}
