package io.github.lineage.sink;

/**
 * Every Cypher write of the sink, in one place.
 *
 * <p>FEEDS and DERIVES carry the file key twice: {@code file} (docs/design.md §5) and {@code fileKey}, the
 * only one that is indexed. With an index on {@code file} the planner ran each edge MERGE as a scan
 * of that whole index (every edge of the graph per row: quadratic ingest); without one it expands
 * between the two bound endpoints. The detach phase seeks {@code fileKey} through the index, with a
 * hint so it never falls back to a scan either. Each is an {@code UNWIND $rows} statement: the
 * batched path sends many rows, the baseline one row per transaction. Values travel only in
 * {@code $rows}; the text never contains data.
 */
public final class GraphStatements {

  /** The shapes of graph actions, in the order a write applies them. */
  public enum Shape {
    /** Deletes the file's READS/WRITES and its FEEDS/DERIVES; returns the nodes it detached. */
    DETACH_FILE("""
        UNWIND $rows AS r
        CALL (r) {
          OPTIONAL MATCH (:File {key: r.key})-[e:READS|WRITES]->(t:Table)
          DELETE e
          RETURN collect(DISTINCT t.name) AS tables
        }
        CALL (r) {
          OPTIONAL MATCH (:Table)-[e:FEEDS {fileKey: r.key}]->(:Table)
          USING INDEX e:FEEDS(fileKey)
          DELETE e
          RETURN count(e) AS feeds
        }
        CALL (r) {
          OPTIONAL MATCH (a:Column)-[e:DERIVES {fileKey: r.key}]->(b:Column)
          USING INDEX e:DERIVES(fileKey)
          DELETE e
          RETURN collect(DISTINCT a.name) + collect(DISTINCT b.name) AS columns
        }
        RETURN tables, columns"""),
    DELETE_FILE("""
        UNWIND $rows AS r
        MATCH (f:File {key: r.key})
        DETACH DELETE f"""),
    UPSERT_FILE("""
        UNWIND $rows AS r
        MERGE (f:File {key: r.key})
        SET f.source = r.source, f.path = r.path, f.sha256 = r.sha256,
            f.updatedAt = r.updatedAt, f.errorCount = r.errorCount"""),
    MERGE_TABLE("""
        UNWIND $rows AS r
        MERGE (:Table {name: r.name})"""),
    MERGE_COLUMN("""
        UNWIND $rows AS r
        MERGE (t:Table {name: r.table})
        MERGE (c:Column {name: r.name})
        MERGE (t)-[:HAS_COLUMN]->(c)"""),
    MERGE_READS("""
        UNWIND $rows AS r
        MATCH (f:File {key: r.file})
        MERGE (t:Table {name: r.table})
        MERGE (f)-[:READS]->(t)"""),
    MERGE_WRITES("""
        UNWIND $rows AS r
        MATCH (f:File {key: r.file})
        MERGE (t:Table {name: r.table})
        MERGE (f)-[:WRITES]->(t)"""),
    MERGE_FEEDS("""
        UNWIND $rows AS r
        MERGE (s:Table {name: r.source})
        MERGE (t:Table {name: r.target})
        MERGE (s)-[e:FEEDS {file: r.file}]->(t)
        ON CREATE SET e.fileKey = r.file
        SET e.lines = CASE WHEN size(r.lines) = 0 THEN null ELSE r.lines END"""),
    MERGE_DERIVES("""
        UNWIND $rows AS r
        MERGE (s:Column {name: r.source})
        MERGE (t:Column {name: r.target})
        MERGE (s)-[e:DERIVES {file: r.file}]->(t)
        ON CREATE SET e.fileKey = r.file
        SET e.lines = CASE WHEN size(r.lines) = 0 THEN null ELSE r.lines END"""),
    /*
     * Orphan pruning takes the node's write lock (SET) before it looks again, so a concurrent
     * writer that just linked the node has either committed (and is seen) or waits for us.
     */
    PRUNE_COLUMN("""
        UNWIND $rows AS r
        MATCH (c:Column {name: r.name})
        WHERE NOT (c)-[:DERIVES]-()
        SET c.pruning = true
        WITH c, NOT (c)-[:DERIVES]-() AS orphan
        REMOVE c.pruning
        WITH c WHERE orphan
        DETACH DELETE c"""),
    PRUNE_TABLE("""
        UNWIND $rows AS r
        MATCH (t:Table {name: r.name})
        WHERE NOT (t)-[:READS|WRITES|FEEDS|HAS_COLUMN]-()
        SET t.pruning = true
        WITH t, NOT (t)-[:READS|WRITES|FEEDS|HAS_COLUMN]-() AS orphan
        REMOVE t.pruning
        WITH t WHERE orphan
        DETACH DELETE t""");

    private final String cypher;

    Shape(String cypher) {
      this.cypher = cypher;
    }

    public String cypher() {
      return cypher;
    }
  }

  public static final String ROWS = "rows";
  public static final String KEYS = "keys";
  public static final String NAMES = "names";

  /**
   * The tables a file's current contribution touches (read, written, owning one of its DERIVES
   * columns, returned as column names): with the tables of the new documents, what a batch locks.
   */
  public static final String TABLES_OF_FILES = """
      UNWIND $keys AS k
      CALL (k) {
        OPTIONAL MATCH (:File {key: k})-[:READS|WRITES]->(t:Table)
        RETURN collect(DISTINCT t.name) AS tables
      }
      CALL (k) {
        OPTIONAL MATCH (a:Column)-[e:DERIVES {fileKey: k}]->(b:Column)
        USING INDEX e:DERIVES(fileKey)
        RETURN collect(DISTINCT a.name) + collect(DISTINCT b.name) AS columns
      }
      RETURN tables, columns""";

  /**
   * Takes the write lock of each table, in the order given (sorted), creating the missing ones. A
   * batch runs this first: every batch that shares a table then waits its turn here instead of
   * two of them deadlocking on the relationship groups of dense tables later in the transaction.
   */
  public static final String LOCK_TABLES = """
      UNWIND $names AS name
      MERGE (t:Table {name: name})
      SET t.lineageLock = true
      REMOVE t.lineageLock""";

  public static final String PARTS = "parts";
  /** The label of the fence nodes; not part of the lineage model (queries and snapshots skip it). */
  public static final String SINK_OFFSET_LABEL = "SinkOffset";

  /**
   * The fence: per documents-topic partition, the highest offset whose document is in the graph.
   * A batch reads it in its own transaction and leaves out every record at or below it, so a
   * worker that lost its partitions (evicted while Neo4j was down) can never write an older
   * version of a file over a newer one, nor bring back a deleted file.
   */
  public static final String READ_OFFSETS = """
      UNWIND $parts AS p
      OPTIONAL MATCH (o:SinkOffset {id: p.id})
      RETURN p.id AS id, o.offset AS offset""";

  /** Raises the fence of each partition to the batch's highest offset (never lowers it). */
  public static final String WRITE_OFFSETS = """
      UNWIND $parts AS p
      MERGE (o:SinkOffset {id: p.id})
      SET o.offset = CASE WHEN o.offset IS NULL OR o.offset < p.offset THEN p.offset ELSE o.offset END""";

  private GraphStatements() {}
}
