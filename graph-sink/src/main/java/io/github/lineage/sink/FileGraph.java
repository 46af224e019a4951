package io.github.lineage.sink;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.SourceKey;
import io.github.lineage.core.model.StatementLineage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one file contributes to the graph, derived from its lineage document: the tables it
 * reads and writes, the FEEDS pairs (every source of a statement feeds every target of it) and the
 * DERIVES pairs of its column lineage. All sets are sorted so that every writer touches nodes in
 * the same order.
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
    SortedSet<Edge> derives) {

  private static final Logger LOG = LoggerFactory.getLogger(FileGraph.class);

  public FileGraph {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(updatedAt, "updatedAt");
    reads = new TreeSet<>(reads);
    writes = new TreeSet<>(writes);
    feeds = new TreeSet<>(feeds);
    derives = new TreeSet<>(derives);
  }

  /**
   * The contribution of {@code document} under record key {@code key} (the record key wins over
   * the document's own, as compaction goes by it).
   *
   * @param fallbackTime used as {@code updatedAt} when the document has no modification time
   * @throws InvalidDocumentException when a table name is blank or the key is not {@code source:path}
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
    int skippedColumns = 0;
    for (StatementLineage statement : document.statements()) {
      List<String> sources = statement.sources().stream().map(FileGraph::tableName).toList();
      List<String> targets = statement.targets().stream().map(FileGraph::tableName).toList();
      reads.addAll(sources);
      writes.addAll(targets);
      for (String s : sources) {
        for (String t : targets) {
          feeds.add(new Edge(s, t));
        }
      }
      for (ColumnEdge column : statement.columns()) {
        for (String sourceColumn : column.sources()) {
          if (tableOf(sourceColumn) == null || tableOf(column.target()) == null) {
            skippedColumns++;
            continue;
          }
          derives.add(new Edge(sourceColumn, column.target()));
        }
      }
    }
    if (skippedColumns > 0) {
      // An unqualified column has no table to hang from; the rest of the file still counts.
      LOG.warn("{}: skipped {} column edge(s) whose column names are not qualified as table.column",
          key, skippedColumns);
    }
    return new FileGraph(
        key,
        document.source() != null ? document.source() : sourceKey.source(),
        document.path() != null ? document.path() : sourceKey.path(),
        document.sha256(),
        document.modifiedAt() != null ? document.modifiedAt() : fallbackTime,
        document.errorCount(),
        reads, writes, feeds, derives);
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

  /** Every table this file makes exist: read, written, or owning one of its columns. */
  public SortedSet<String> tables() {
    SortedSet<String> tables = new TreeSet<>(reads);
    tables.addAll(writes);
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
    return columns;
  }
}
