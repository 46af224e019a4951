package io.github.lineage.sink;

import io.github.lineage.sink.BatchStrategy.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionCallback;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * Applies file changes to the graph in the driver's managed write transactions (which retry
 * transient errors such as deadlocks themselves). The batched path writes many files in one
 * transaction; the baseline writes one transaction per node or edge. Both run the same statements,
 * so they produce the same graph.
 */
final class GraphWriter implements GraphWrites {

  /**
   * Whether a batch takes its tables' write locks in name order before it writes. Only a test skips
   * it: the control that shows its workload deadlocks without the lock step.
   */
  enum TableLocks {
    ORDERED,
    SKIPPED
  }

  private final Driver driver;
  private final SinkMetrics metrics;
  private final TableLocks tableLocks;

  GraphWriter(Driver driver, SinkMetrics metrics) {
    this(driver, metrics, TableLocks.ORDERED);
  }

  GraphWriter(Driver driver, SinkMetrics metrics, TableLocks tableLocks) {
    this.driver = driver;
    this.metrics = metrics;
    this.tableLocks = tableLocks;
  }

  /** Writes {@code changes} (at most one per file) in one transaction: all or nothing; unfenced. */
  void writeBatched(Collection<FileState> changes) {
    writeBatched(changes, Map.of());
  }

  /**
   * Writes {@code changes} (at most one per file) in one transaction: all or nothing. A change with
   * a position at or below its partition's fence ({@link GraphStatements#READ_OFFSETS}) is left
   * out: a newer document of that partition is already in the graph. Returns the keys left out.
   */
  @Override
  public Set<String> writeBatched(Collection<FileState> all, Map<String, Position> positions) {
    Set<String> fenced = write(all, tx -> fenced(tx, positions), positions.values());
    if (!fenced.isEmpty()) {
      metrics.fenced(fenced.size());
    }
    return fenced;
  }

  /**
   * The sink's delete path (detach, delete the File, prune the orphans) for the files of {@code
   * keys} that were last written before graph time {@code since}; a file written at or after it is
   * left as it is (a live sink wrote it after a reconcile's scan began). One transaction; returns
   * the keys removed.
   */
  Set<String> removeWrittenBefore(Collection<String> keys, long since) {
    List<String> distinct = keys.stream().distinct().sorted().toList();
    if (distinct.isEmpty()) {
      return Set.of();
    }
    List<FileState> deletes = distinct.stream().map(FileState::delete).toList();
    Set<String> leftOut =
        write(
            deletes,
            tx -> {
              // Tables first, then files: the lock order of every batch, so a reconcile never
              // deadlocks with one.
              lockTables(tx, distinct, new TreeSet<>(), tableLocks);
              Set<String> removable = new TreeSet<>();
              tx.run(
                      GraphStatements.FILES_WRITTEN_BEFORE,
                      Map.of(GraphStatements.KEYS, distinct, GraphStatements.SINCE, since))
                  .forEachRemaining(r -> removable.add(r.get("key").asString()));
              Set<String> keep = new TreeSet<>(distinct);
              keep.removeAll(removable);
              return keep;
            },
            List.of());
    Set<String> removed = new TreeSet<>(distinct);
    removed.removeAll(leftOut);
    return removed;
  }

  /** Read-only: the keys that {@link #writeBatched} would leave out now. */
  Set<String> fencedKeys(Map<String, Position> positions) {
    try (Session session = driver.session()) {
      return session.executeRead(tx -> fenced(tx, positions));
    }
  }

  /** The graph's clock (milliseconds), which writtenAt and the catch-up records use. */
  long graphTime() {
    try (Session session = driver.session()) {
      return session.executeRead(
          tx -> tx.run(GraphStatements.GRAPH_TIME).single().get("now").asLong());
    }
  }

  /** Decides, inside the write's transaction, which keys to leave out. */
  private interface LeaveOut {
    Set<String> keys(TransactionContext tx);
  }

  private Set<String> write(
      Collection<FileState> all, LeaveOut leaveOut, Collection<Position> fences) {
    if (all.isEmpty()) {
      return Set.of();
    }
    Set<String> left = new TreeSet<>();
    try (Session session = driver.session()) {
      write(
          session,
          tx -> {
            left.clear();
            left.addAll(leaveOut.keys(tx));
            List<FileState> changes = all.stream().filter(c -> !left.contains(c.key())).toList();
            if (changes.isEmpty()) {
              return 0;
            }
            List<Statement> detach = BatchStrategy.group(GraphPlanner.detach(changes));
            List<Statement> merge = BatchStrategy.group(GraphPlanner.merge(changes));
            List<String> keys = new ArrayList<>();
            SortedSet<String> newTables = new TreeSet<>();
            for (FileState change : changes) {
              keys.add(change.key());
              if (change.graph() != null) {
                newTables.addAll(change.graph().tables());
              }
            }
            SortedSet<String> locked = lockTables(tx, keys, newTables, tableLocks);
            Detached detached = new Detached();
            // Every table the lock step touched is a pruning candidate: the lock MERGEs them, and a
            // table no edge of the batch ends up on must not stay behind as an orphan.
            detached.tables.addAll(locked);
            int rows = 0;
            for (Statement statement : detach) {
              detached.collect(tx.run(statement.cypher(), statement.parameters()).list());
              rows += statement.rows().size();
            }
            for (Statement statement : merge) {
              tx.run(statement.cypher(), statement.parameters()).consume();
              rows += statement.rows().size();
            }
            rows +=
                expandStars(tx, GraphPlanner.starSources(detached.definitions, changes), detached);
            List<GraphAction> prune =
                GraphPlanner.prune(detached.tables, detached.columns, changes);
            if (!prune.isEmpty()) {
              for (Statement statement : BatchStrategy.group(prune)) {
                tx.run(statement.cypher(), statement.parameters()).consume();
                rows += statement.rows().size();
              }
            }
            raiseFences(tx, fences);
            return rows;
          });
    }
    return left;
  }

  /** The keys whose position is at or below their partition's fence. */
  private static Set<String> fenced(TransactionContext tx, Map<String, Position> positions) {
    if (positions.isEmpty()) {
      return Set.of();
    }
    Map<String, Long> fence = new HashMap<>();
    List<Map<String, Object>> parts =
        positions.values().stream()
            .map(Position::partitionId)
            .distinct()
            .map(id -> Map.<String, Object>of("id", id))
            .toList();
    for (Record r :
        tx.run(GraphStatements.READ_OFFSETS, Map.of(GraphStatements.PARTS, parts)).list()) {
      if (!r.get("offset").isNull()) {
        fence.put(r.get("id").asString(), r.get("offset").asLong());
      }
    }
    Set<String> stale = new TreeSet<>();
    positions.forEach(
        (key, position) -> {
          Long applied = fence.get(position.partitionId());
          if (applied != null && position.offset() <= applied) {
            stale.add(key);
          }
        });
    return stale;
  }

  private static void raiseFences(TransactionContext tx, Collection<Position> positions) {
    if (positions.isEmpty()) {
      return;
    }
    Map<String, Long> highest = new TreeMap<>();
    for (Position p : positions) {
      highest.merge(p.partitionId(), p.offset(), Math::max);
    }
    List<Map<String, Object>> parts = new ArrayList<>();
    highest.forEach((id, offset) -> parts.add(Map.of("id", id, "offset", offset)));
    tx.run(GraphStatements.WRITE_OFFSETS, Map.of(GraphStatements.PARTS, parts)).consume();
  }

  /**
   * Locks, in name order, every table the batch will touch: the old contributions' (read back
   * first) and the new ones'. Batches of parallel workers share hub tables; without one lock order
   * they deadlocked, and the driver's retry waits a second or more each time. With {@link
   * TableLocks#SKIPPED} the tables are still collected (they are pruning candidates) but not
   * locked: the batch differs from a locking one only in the lock order.
   */
  private static SortedSet<String> lockTables(
      TransactionContext tx, List<String> keys, SortedSet<String> newTables, TableLocks locks) {
    Detached current = new Detached();
    current.collect(
        tx.run(GraphStatements.TABLES_OF_FILES, Map.of(GraphStatements.KEYS, keys)).list());
    SortedSet<String> tables = new TreeSet<>(newTables);
    tables.addAll(current.tables);
    for (String column : current.columns) {
      String table = FileGraph.tableOf(column);
      if (table != null) {
        tables.add(table);
      }
    }
    if (!tables.isEmpty() && locks == TableLocks.ORDERED) {
      tx.run(GraphStatements.LOCK_TABLES, Map.of(GraphStatements.NAMES, new ArrayList<>(tables)))
          .consume();
    }
    return tables;
  }

  /**
   * The baseline: one transaction per entity of one file. A retried document must pass the same
   * {@code progress}, so that orphan candidates detached by an earlier, partly applied attempt are
   * still pruned.
   */
  @Override
  public void writePerEntity(FileState change, Detached progress) {
    List<FileState> one = List.of(change);
    try (Session session = driver.session()) {
      for (GraphAction action : GraphPlanner.detach(one)) {
        Statement statement = BatchStrategy.single(action).get(0);
        List<Record> result =
            write(session, tx -> tx.run(statement.cypher(), statement.parameters()).list());
        progress.collect(result);
      }
      for (GraphAction action : GraphPlanner.merge(one)) {
        writeSingle(session, action);
      }
      SortedSet<String> starSources = GraphPlanner.starSources(progress.definitions, one);
      write(session, tx -> expandStars(tx, starSources, progress));
      for (GraphAction action : GraphPlanner.prune(progress.tables, progress.columns, one)) {
        writeSingle(session, action);
      }
    }
  }

  private void writeSingle(Session session, GraphAction action) {
    Statement statement = BatchStrategy.single(action).get(0);
    write(
        session,
        tx -> {
          tx.run(statement.cypher(), statement.parameters()).consume();
          return 1;
        });
  }

  private <T> T write(Session session, TransactionCallback<T> work) {
    AtomicInteger attempt = new AtomicInteger();
    long started = System.nanoTime();
    int[] rows = new int[1];
    T result =
        session.executeWrite(
            tx -> {
              if (attempt.incrementAndGet() > 1) {
                metrics.retry();
              }
              T value = work.execute(tx);
              rows[0] = value instanceof Integer n ? n : 1;
              return value;
            });
    metrics.transaction(rows[0], Duration.ofNanos(System.nanoTime() - started));
    return result;
  }

  /**
   * Expands again every star edge from {@code sources} (docs/design.md §5): its old expansion goes
   * (the columns it detached become pruning candidates in {@code detached}), the new one follows
   * the current definitions.
   */
  private static int expandStars(
      TransactionContext tx, SortedSet<String> sources, Detached detached) {
    if (sources.isEmpty()) {
      return 0;
    }
    Map<String, Object> names = Map.of(GraphStatements.NAMES, new ArrayList<>(sources));
    detached.collect(tx.run(GraphStatements.UNEXPAND_STARS, names).list());
    tx.run(GraphStatements.EXPAND_STARS, names).consume();
    return sources.size();
  }

  /**
   * Names detached from a file's old contribution: the candidates for orphan pruning, and the table
   * definitions it had (as {@link FileGraph#definition}), which say whose stars to expand again.
   */
  static final class Detached {
    final Set<String> tables = new TreeSet<>();
    final Set<String> columns = new TreeSet<>();
    final Set<String> definitions = new TreeSet<>();

    void collect(List<Record> records) {
      for (Record record : records) {
        add(record, "tables", tables);
        add(record, "columns", columns);
        if (record.containsKey("defined") && !record.get("defined").isNull()) {
          for (List<String> definition :
              record.get("defined").asList(v -> v.asList(Value::asString))) {
            definitions.add(
                FileGraph.definition(definition.get(0), definition.subList(1, definition.size())));
          }
        }
      }
    }

    private static void add(Record record, String field, Set<String> into) {
      if (record.containsKey(field)) {
        Value value = record.get(field);
        if (!value.isNull()) {
          into.addAll(new ArrayList<>(value.asList(Value::asString)));
        }
      }
    }
  }
}
