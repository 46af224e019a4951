package io.github.lineage.sink;

/**
 * Every Cypher write of the sink, in one place.
 *
 * <p>FEEDS, DERIVES and INFLUENCES carry the file key twice: {@code file} (docs/design.md §5) and
 * {@code fileKey}, the only one that is indexed. With an index on {@code file} the planner ran each
 * edge MERGE as a scan of that whole index (every edge of the graph per row: quadratic ingest);
 * without one it expands between the two bound endpoints. The detach phase seeks {@code fileKey}
 * through the index, with a hint so it never falls back to a scan either. Each is an {@code UNWIND
 * $rows} statement: the batched path sends many rows, the baseline one row per transaction. Values
 * travel only in {@code $rows}; the text never contains data.
 */
final class GraphStatements {

  /** The shapes of graph actions, in the order a write applies them. */
  public enum Shape {
    /**
     * Deletes the file's READS/WRITES and its FEEDS/DERIVES/INFLUENCES; returns the nodes it
     * detached.
     */
    DETACH_FILE(
        """
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
          RETURN collect(DISTINCT a.name) + collect(DISTINCT b.name) AS derived
        }
        CALL (r) {
          OPTIONAL MATCH (a:Column)-[e:INFLUENCES {fileKey: r.key}]->(b:Column)
          USING INDEX e:INFLUENCES(fileKey)
          DELETE e
          RETURN collect(DISTINCT a.name) + collect(DISTINCT b.name) AS influenced
        }
        CALL (r) {
          OPTIONAL MATCH (:Table)-[e:STAR {fileKey: r.key}]->(:Table)
          USING INDEX e:STAR(fileKey)
          DELETE e
          RETURN count(e) AS stars
        }
        CALL (r) {
          OPTIONAL MATCH (:File {key: r.key})-[d:DEFINES]->(t:Table)
          WITH d, CASE WHEN d IS NULL THEN null ELSE [t.name] + d.columns END AS definition
          DELETE d
          RETURN collect(definition) AS defined
        }
        RETURN tables, derived + influenced AS columns, defined"""),
    DELETE_FILE(
        """
        UNWIND $rows AS r
        MATCH (f:File {key: r.key})
        DETACH DELETE f"""),
    /*
     * writtenAt is the graph's clock (timestamp(), milliseconds) at the write: a reconcile removes only
     * files written before its scan began, never one a live sink wrote meanwhile (GraphRebuild).
     */
    UPSERT_FILE(
        """
        UNWIND $rows AS r
        MERGE (f:File {key: r.key})
        SET f.source = r.source, f.path = r.path, f.sha256 = r.sha256,
            f.updatedAt = r.updatedAt, f.errorCount = r.errorCount, f.writtenAt = timestamp()"""),
    MERGE_TABLE(
        """
        UNWIND $rows AS r
        MERGE (:Table {name: r.name})"""),
    MERGE_COLUMN(
        """
        UNWIND $rows AS r
        MERGE (t:Table {name: r.table})
        MERGE (c:Column {name: r.name})
        MERGE (t)-[:HAS_COLUMN]->(c)"""),
    MERGE_READS(
        """
        UNWIND $rows AS r
        MATCH (f:File {key: r.file})
        MERGE (t:Table {name: r.table})
        MERGE (f)-[:READS]->(t)"""),
    MERGE_WRITES(
        """
        UNWIND $rows AS r
        MATCH (f:File {key: r.file})
        MERGE (t:Table {name: r.table})
        MERGE (f)-[:WRITES]->(t)"""),
    MERGE_FEEDS(
        """
        UNWIND $rows AS r
        MERGE (s:Table {name: r.source})
        MERGE (t:Table {name: r.target})
        MERGE (s)-[e:FEEDS {file: r.file}]->(t)
        ON CREATE SET e.fileKey = r.file
        SET e.lines = CASE WHEN size(r.lines) = 0 THEN null ELSE r.lines END""",
        """
        UNWIND $rows AS r
        MERGE (s:Table {name: r.source})
        MERGE (t:Table {name: r.target})
        CREATE (s)-[:FEEDS {file: r.file, fileKey: r.file, lines: CASE WHEN size(r.lines) = 0 THEN null ELSE r.lines END}]->(t)"""),
    MERGE_DERIVES(
        """
        UNWIND $rows AS r
        MERGE (s:Column {name: r.source})
        MERGE (t:Column {name: r.target})
        MERGE (s)-[e:DERIVES {file: r.file}]->(t)
        ON CREATE SET e.fileKey = r.file
        SET e.lines = CASE WHEN size(r.lines) = 0 THEN null ELSE r.lines END""",
        """
        UNWIND $rows AS r
        MERGE (s:Column {name: r.source})
        MERGE (t:Column {name: r.target})
        CREATE (s)-[:DERIVES {file: r.file, fileKey: r.file, lines: CASE WHEN size(r.lines) = 0 THEN null ELSE r.lines END}]->(t)"""),
    MERGE_DEFINES(
        """
        UNWIND $rows AS r
        MATCH (f:File {key: r.file})
        MERGE (t:Table {name: r.table})
        MERGE (f)-[d:DEFINES]->(t)
        SET d.columns = r.columns"""),
    MERGE_STAR(
        """
        UNWIND $rows AS r
        MERGE (s:Table {name: r.source})
        MERGE (t:Table {name: r.target})
        MERGE (s)-[e:STAR {file: r.file}]->(t)
        ON CREATE SET e.fileKey = r.file
        SET e.lines = CASE WHEN size(r.lines) = 0 THEN null ELSE r.lines END""",
        """
        UNWIND $rows AS r
        MERGE (s:Table {name: r.source})
        MERGE (t:Table {name: r.target})
        CREATE (s)-[:STAR {file: r.file, fileKey: r.file, lines: CASE WHEN size(r.lines) = 0 THEN null ELSE r.lines END}]->(t)"""),
    /* One edge per (source, target, kind, file): a column can influence another through several clauses. */
    MERGE_INFLUENCES(
        """
        UNWIND $rows AS r
        MERGE (s:Column {name: r.source})
        MERGE (t:Column {name: r.target})
        MERGE (s)-[e:INFLUENCES {file: r.file, kind: r.kind}]->(t)
        ON CREATE SET e.fileKey = r.file
        SET e.lines = CASE WHEN size(r.lines) = 0 THEN null ELSE r.lines END""",
        """
        UNWIND $rows AS r
        MERGE (s:Column {name: r.source})
        MERGE (t:Column {name: r.target})
        CREATE (s)-[:INFLUENCES {file: r.file, kind: r.kind, fileKey: r.file, lines: CASE WHEN size(r.lines) = 0 THEN null ELSE r.lines END}]->(t)"""),
    /*
     * Orphan pruning takes the node's write lock (SET) before it looks, so a concurrent writer that
     * just linked or unlinked the node has either committed (and is seen) or waits for us. Looking
     * first without the lock is a write skew: two files dropping their last two references to one
     * table at once each saw the other's reference and the table stayed, an orphan (found by the
     * fault matrix's Neo4j-outage run). Relationship changes do not lock their nodes in Neo4j 5.
     */
    PRUNE_COLUMN(
        """
        UNWIND $rows AS r
        MATCH (c:Column {name: r.name})
        SET c.pruning = true
        WITH c, NOT (c)-[:DERIVES|INFLUENCES]-() AS orphan
        REMOVE c.pruning
        WITH c WHERE orphan
        DETACH DELETE c"""),
    PRUNE_TABLE(
        """
        UNWIND $rows AS r
        MATCH (t:Table {name: r.name})
        SET t.pruning = true
        WITH t, NOT (t)-[:READS|WRITES|FEEDS|HAS_COLUMN|DEFINES|STAR]-() AS orphan
        REMOVE t.pruning
        WITH t WHERE orphan
        DETACH DELETE t""");

    private final String cypher;
    private final String afterDetach;

    Shape(String cypher) {
      this(cypher, cypher);
    }

    Shape(String cypher, String afterDetach) {
      this.cypher = cypher;
      this.afterDetach = afterDetach;
    }

    /** The statement on its own: idempotent, so a retried or repeated write changes nothing. */
    public String cypher() {
      return cypher;
    }

    /**
     * The statement inside a transaction that has just detached every file of its rows (or writes
     * files new to the graph): a file's edges carry its key, so none of them exists any more and
     * the edge shapes CREATE instead of MERGE. A relationship MERGE looks through the relationships
     * of one endpoint, which for a hub column is thousands; CREATE looks at none. Rows are distinct
     * ({@link BatchStrategy#group}), so nothing is created twice.
     */
    public String cypherAfterDetach() {
      return afterDetach;
    }
  }

  /**
   * Star expansion, step 1 (docs/design.md §5): removes the current expansion of every star edge
   * from the tables {@code $names} (the DERIVES its file wrote with {@code star}), returning the
   * columns it detached.
   */
  public static final String UNEXPAND_STARS =
      """
      UNWIND $names AS name
      MATCH (src:Table {name: name})-[st:STAR]->(t:Table)
      CALL (src, st, t) {
        OPTIONAL MATCH (src)-[:HAS_COLUMN]->(a:Column)-[d:DERIVES {fileKey: st.fileKey}]->(b:Column)<-[:HAS_COLUMN]-(t)
        WHERE d.star = true
        DELETE d
        RETURN collect(DISTINCT a.name) + collect(DISTINCT b.name) AS columns
      }
      RETURN columns""";

  /**
   * Star expansion, step 2: writes each star edge from the tables {@code $names} as DERIVES of its
   * file, column by column from the source's defined columns (the definition of the greatest file
   * key wins, as the last definition wins in {@code lineage parse}'s catalog): by position onto the
   * target's defined columns when it has some, else by name; {@code S.* -> T.*} while the source's
   * columns are unknown.
   */
  public static final String EXPAND_STARS =
      """
      UNWIND $names AS name
      MATCH (src:Table {name: name})-[st:STAR]->(t:Table)
      CALL (src) {
        OPTIONAL MATCH (f:File)-[d:DEFINES]->(src)
        WITH f, d ORDER BY f.key DESC LIMIT 1
        RETURN d.columns AS scols
      }
      CALL (t) {
        OPTIONAL MATCH (f:File)-[d:DEFINES]->(t)
        WITH f, d ORDER BY f.key DESC LIMIT 1
        RETURN d.columns AS tcols
      }
      WITH src, st, t, CASE
        WHEN scols IS NULL OR size(scols) = 0 THEN [['*', '*']]
        WHEN tcols IS NULL OR size(tcols) = 0 THEN [c IN scols | [c, c]]
        ELSE [i IN range(0, size(scols) - 1) WHERE i < size(tcols) | [scols[i], tcols[i]]] END AS pairs
      UNWIND pairs AS p
      MERGE (a:Column {name: src.name + '.' + p[0]})
      MERGE (src)-[:HAS_COLUMN]->(a)
      MERGE (b:Column {name: t.name + '.' + p[1]})
      MERGE (t)-[:HAS_COLUMN]->(b)
      MERGE (a)-[d:DERIVES {file: st.file}]->(b)
      ON CREATE SET d.fileKey = st.fileKey, d.star = true, d.lines = st.lines""";

  public static final String ROWS = "rows";
  public static final String KEYS = "keys";
  public static final String NAMES = "names";

  /**
   * The tables a file's current contribution touches (read, written, owning one of its DERIVES or
   * INFLUENCES columns, returned as column names): with the tables of the new documents, what a
   * batch locks.
   */
  public static final String TABLES_OF_FILES =
      """
      UNWIND $keys AS k
      CALL (k) {
        OPTIONAL MATCH (:File {key: k})-[:READS|WRITES|DEFINES]->(t:Table)
        RETURN collect(DISTINCT t.name) AS tables
      }
      CALL (k) {
        OPTIONAL MATCH (a:Column)-[e:DERIVES {fileKey: k}]->(b:Column)
        USING INDEX e:DERIVES(fileKey)
        RETURN collect(DISTINCT a.name) + collect(DISTINCT b.name) AS derived
      }
      CALL (k) {
        OPTIONAL MATCH (a:Column)-[e:INFLUENCES {fileKey: k}]->(b:Column)
        USING INDEX e:INFLUENCES(fileKey)
        RETURN collect(DISTINCT a.name) + collect(DISTINCT b.name) AS influenced
      }
      RETURN tables, derived + influenced AS columns""";

  /**
   * Takes the write lock of each table, in the order given (sorted), creating the missing ones. A
   * batch runs this first: every batch that shares a table then waits its turn here instead of two
   * of them deadlocking on the relationship groups of dense tables later in the transaction.
   */
  public static final String LOCK_TABLES =
      """
      UNWIND $names AS name
      MERGE (t:Table {name: name})
      SET t.lineageLock = true
      REMOVE t.lineageLock""";

  public static final String PARTS = "parts";

  /**
   * The label of the fence nodes; not part of the lineage model (queries and snapshots skip it).
   */
  public static final String SINK_OFFSET_LABEL = "SinkOffset";

  /**
   * The fence: per documents-topic partition, the highest offset whose document is in the graph. A
   * batch reads it in its own transaction and leaves out every record at or below it, so a worker
   * that lost its partitions (evicted while Neo4j was down) can never write an older version of a
   * file over a newer one, nor bring back a deleted file.
   */
  public static final String READ_OFFSETS =
      """
      UNWIND $parts AS p
      OPTIONAL MATCH (o:SinkOffset {id: p.id})
      RETURN p.id AS id, o.offset AS offset""";

  /** Raises the fence of each partition to the batch's highest offset (never lowers it). */
  public static final String WRITE_OFFSETS =
      """
      UNWIND $parts AS p
      MERGE (o:SinkOffset {id: p.id})
      SET o.offset = CASE WHEN o.offset IS NULL OR o.offset < p.offset THEN p.offset ELSE o.offset END""";

  public static final String SINCE = "since";
  public static final String IDS = "ids";

  /**
   * The graph's clock, in milliseconds: the one clock that every sink instance and the rebuild
   * share.
   */
  public static final String GRAPH_TIME = "RETURN timestamp() AS now";

  /** Every File node's key and when it was last written (null: by a sink older than writtenAt). */
  public static final String FILE_KEYS =
      "MATCH (f:File) RETURN f.key AS key, f.writtenAt AS writtenAt";

  public static final String COUNT_FILES = "MATCH (f:File) RETURN count(f) AS files";

  /**
   * Of the given keys, the files a reconcile may remove: written before {@code $since}. The write
   * lock is taken (SET) before writtenAt is read, so a live sink writing the file at the same
   * moment has either committed (and is seen) or waits for this transaction. Keys without a File
   * are not returned.
   */
  public static final String FILES_WRITTEN_BEFORE =
      """
      UNWIND $keys AS k
      MATCH (f:File {key: k})
      SET f.reconciling = true
      WITH k, f
      REMOVE f.reconciling
      WITH k, f.writtenAt AS writtenAt
      WHERE writtenAt IS NULL OR writtenAt < $since
      RETURN k AS key""";

  /**
   * Records, on each partition's fence node, when the sink was last caught up with it (graph
   * clock): {@code p.at}, or {@code p.ago} milliseconds before now. Never lowered; the fence's
   * offset is not touched (a node made here has none, which READ_OFFSETS reads as no fence).
   */
  public static final String WRITE_CAUGHT_UP =
      """
      UNWIND $parts AS p
      MERGE (o:SinkOffset {id: p.id})
      WITH o, coalesce(p.at, timestamp() - p.ago) AS at
      SET o.caughtUpAt = CASE WHEN o.caughtUpAt IS NULL OR o.caughtUpAt < at THEN at ELSE o.caughtUpAt END""";

  /**
   * Per partition's fence id: how many milliseconds ago the sink was last caught up with it (null:
   * never).
   */
  public static final String READ_CAUGHT_UP =
      """
      UNWIND $ids AS id
      OPTIONAL MATCH (o:SinkOffset {id: id})
      RETURN id, timestamp() - o.caughtUpAt AS ago""";

  private GraphStatements() {}
}
