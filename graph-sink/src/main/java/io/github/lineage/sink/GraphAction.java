package io.github.lineage.sink;

import io.github.lineage.sink.GraphStatements.Shape;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One graph write as data. Each action is a row of the Cypher statement of its {@link Shape};
 * {@link #sortKey()} orders rows so that concurrent writers lock nodes in the same order.
 */
sealed interface GraphAction {

  Shape shape();

  /** The parameters of this action, as one element of {@code $rows}. */
  Map<String, Object> row();

  String sortKey();

  private static String requireName(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** Removes what the file contributed before (its edges); reports the nodes it detached. */
  record DetachFile(String fileKey) implements GraphAction {
    public DetachFile {
      requireName(fileKey, "fileKey");
    }

    public Shape shape() {
      return Shape.DETACH_FILE;
    }

    public Map<String, Object> row() {
      return Map.of("key", fileKey);
    }

    public String sortKey() {
      return fileKey;
    }
  }

  /** Deletes the File node of a deleted file. */
  record DeleteFile(String fileKey) implements GraphAction {
    public DeleteFile {
      requireName(fileKey, "fileKey");
    }

    public Shape shape() {
      return Shape.DELETE_FILE;
    }

    public Map<String, Object> row() {
      return Map.of("key", fileKey);
    }

    public String sortKey() {
      return fileKey;
    }
  }

  record UpsertFile(
      String key, String source, String path, String sha256, Instant updatedAt, int errorCount)
      implements GraphAction {
    public UpsertFile {
      requireName(key, "key");
      requireName(sha256, "sha256");
      Objects.requireNonNull(updatedAt, "updatedAt");
      if (errorCount < 0) {
        throw new IllegalArgumentException("errorCount must be >= 0");
      }
    }

    public Shape shape() {
      return Shape.UPSERT_FILE;
    }

    public Map<String, Object> row() {
      java.util.HashMap<String, Object> row = new java.util.HashMap<>();
      row.put("key", key);
      row.put("source", source);
      row.put("path", path);
      row.put("sha256", sha256);
      row.put("updatedAt", ZonedDateTime.ofInstant(updatedAt, ZoneOffset.UTC));
      row.put("errorCount", errorCount);
      return row;
    }

    public String sortKey() {
      return key;
    }
  }

  record MergeTable(String name) implements GraphAction {
    public MergeTable {
      requireName(name, "table name");
    }

    public Shape shape() {
      return Shape.MERGE_TABLE;
    }

    public Map<String, Object> row() {
      return Map.of("name", name);
    }

    public String sortKey() {
      return name;
    }
  }

  /** A column and its HAS_COLUMN from its table, the name without the last segment. */
  record MergeColumn(String name, String table) implements GraphAction {
    public MergeColumn {
      requireName(name, "column name");
      requireName(table, "table of column");
      if (!table.equals(FileGraph.tableOf(name))) {
        throw new IllegalArgumentException("column " + name + " is not in table " + table);
      }
    }

    public static MergeColumn of(String name) {
      return new MergeColumn(name, FileGraph.tableOf(name));
    }

    public Shape shape() {
      return Shape.MERGE_COLUMN;
    }

    public Map<String, Object> row() {
      return Map.of("name", name, "table", table);
    }

    public String sortKey() {
      return name;
    }
  }

  record MergeReads(String file, String table) implements GraphAction {
    public MergeReads {
      requireName(file, "file");
      requireName(table, "table");
    }

    public Shape shape() {
      return Shape.MERGE_READS;
    }

    public Map<String, Object> row() {
      return Map.of("file", file, "table", table);
    }

    public String sortKey() {
      return table + '\u0000' + file;
    }
  }

  record MergeWrites(String file, String table) implements GraphAction {
    public MergeWrites {
      requireName(file, "file");
      requireName(table, "table");
    }

    public Shape shape() {
      return Shape.MERGE_WRITES;
    }

    public Map<String, Object> row() {
      return Map.of("file", file, "table", table);
    }

    public String sortKey() {
      return table + '\u0000' + file;
    }
  }

  /**
   * {@code lines}: first lines of the statements of {@code file} that create the edge (may be
   * empty).
   */
  record MergeFeeds(String source, String target, String file, List<Integer> lines)
      implements GraphAction {
    public MergeFeeds {
      requireName(source, "source table");
      requireName(target, "target table");
      requireName(file, "file");
      lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public MergeFeeds(String source, String target, String file) {
      this(source, target, file, List.of());
    }

    public Shape shape() {
      return Shape.MERGE_FEEDS;
    }

    public Map<String, Object> row() {
      return Map.of("source", source, "target", target, "file", file, "lines", lines);
    }

    public String sortKey() {
      return source + '\u0000' + target + '\u0000' + file;
    }
  }

  /**
   * {@code lines}: first lines of the statements of {@code file} that create the edge (may be
   * empty).
   */
  record MergeColumnDerives(String source, String target, String file, List<Integer> lines)
      implements GraphAction {
    public MergeColumnDerives {
      requireName(source, "source column");
      requireName(target, "target column");
      requireName(file, "file");
      lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public MergeColumnDerives(String source, String target, String file) {
      this(source, target, file, List.of());
    }

    public Shape shape() {
      return Shape.MERGE_DERIVES;
    }

    public Map<String, Object> row() {
      return Map.of("source", source, "target", target, "file", file, "lines", lines);
    }

    public String sortKey() {
      return source + '\u0000' + target + '\u0000' + file;
    }
  }

  /**
   * An indirect column edge (docs/design.md §5): {@code kind} is FILTER, JOIN, GROUP_BY, SORT or
   * WINDOW; {@code lines}: first lines of the statements of {@code file} that create the edge (may
   * be empty).
   */
  record MergeColumnInfluences(
      String source, String target, String kind, String file, List<Integer> lines)
      implements GraphAction {
    public MergeColumnInfluences {
      requireName(source, "source column");
      requireName(target, "target column");
      requireName(kind, "kind");
      requireName(file, "file");
      lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public Shape shape() {
      return Shape.MERGE_INFLUENCES;
    }

    public Map<String, Object> row() {
      return Map.of("source", source, "target", target, "kind", kind, "file", file, "lines", lines);
    }

    public String sortKey() {
      return source + '\u0000' + target + '\u0000' + kind + '\u0000' + file;
    }
  }

  /**
   * The columns, in order, that {@code file} defines for {@code table}: what stars from it expand
   * to.
   */
  record MergeDefines(String file, String table, List<String> columns) implements GraphAction {
    public MergeDefines {
      requireName(file, "file");
      requireName(table, "table");
      columns = List.copyOf(columns);
    }

    public Shape shape() {
      return Shape.MERGE_DEFINES;
    }

    public Map<String, Object> row() {
      return Map.of("file", file, "table", table, "columns", columns);
    }

    public String sortKey() {
      return table + '\u0000' + file;
    }
  }

  /**
   * A {@code source.* -> target.*} edge of {@code file}, expanded later from the source's defined
   * columns.
   */
  record MergeStar(String source, String target, String file, List<Integer> lines)
      implements GraphAction {
    public MergeStar {
      requireName(source, "source table");
      requireName(target, "target table");
      requireName(file, "file");
      lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public Shape shape() {
      return Shape.MERGE_STAR;
    }

    public Map<String, Object> row() {
      return Map.of("source", source, "target", target, "file", file, "lines", lines);
    }

    public String sortKey() {
      return source + '\u0000' + target + '\u0000' + file;
    }
  }

  /** Deletes the column if nothing DERIVES or INFLUENCES from or into it any more. */
  record PruneColumn(String name) implements GraphAction {
    public PruneColumn {
      requireName(name, "column name");
    }

    public Shape shape() {
      return Shape.PRUNE_COLUMN;
    }

    public Map<String, Object> row() {
      return Map.of("name", name);
    }

    public String sortKey() {
      return name;
    }
  }

  /**
   * Deletes the table if no file reads or writes it, nothing FEEDS it and it has no column left.
   */
  record PruneTable(String name) implements GraphAction {
    public PruneTable {
      requireName(name, "table name");
    }

    public Shape shape() {
      return Shape.PRUNE_TABLE;
    }

    public Map<String, Object> row() {
      return Map.of("name", name);
    }

    public String sortKey() {
      return name;
    }
  }
}
