package io.github.lineage.sink;

import io.github.lineage.sink.BatchStrategy.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
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
 * transaction; the baseline writes one transaction per node or edge. Both run the same
 * statements, so they produce the same graph.
 */
final class GraphWriter {

  private final Driver driver;
  private final SinkMetrics metrics;

  GraphWriter(Driver driver, SinkMetrics metrics) {
    this.driver = driver;
    this.metrics = metrics;
  }

  /** Writes {@code changes} (at most one per file) in one transaction: all or nothing. */
  void writeBatched(Collection<FileChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    List<Statement> detach = BatchStrategy.group(GraphPlanner.detach(changes));
    List<Statement> merge = BatchStrategy.group(GraphPlanner.merge(changes));
    List<String> keys = new ArrayList<>();
    SortedSet<String> newTables = new TreeSet<>();
    for (FileChange change : changes) {
      keys.add(change.key());
      if (change.graph() != null) {
        newTables.addAll(change.graph().tables());
      }
    }
    try (Session session = driver.session()) {
      write(session, tx -> {
        lockTables(tx, keys, newTables);
        Detached detached = new Detached();
        int rows = 0;
        for (Statement statement : detach) {
          detached.collect(tx.run(statement.cypher(), statement.parameters()).list());
          rows += statement.rows().size();
        }
        for (Statement statement : merge) {
          tx.run(statement.cypher(), statement.parameters()).consume();
          rows += statement.rows().size();
        }
        List<GraphAction> prune = GraphPlanner.prune(detached.tables, detached.columns, changes);
        if (!prune.isEmpty()) {
          for (Statement statement : BatchStrategy.group(prune)) {
            tx.run(statement.cypher(), statement.parameters()).consume();
            rows += statement.rows().size();
          }
        }
        return rows;
      });
    }
  }

  /**
   * Locks, in name order, every table the batch will touch: the old contributions' (read back
   * first) and the new ones'. Batches of parallel workers share hub tables; without one lock
   * order they deadlocked, and the driver's retry waits a second or more each time.
   */
  private static void lockTables(TransactionContext tx, List<String> keys, SortedSet<String> newTables) {
    Detached current = new Detached();
    current.collect(tx.run(GraphStatements.TABLES_OF_FILES, Map.of(GraphStatements.KEYS, keys)).list());
    SortedSet<String> tables = new TreeSet<>(newTables);
    tables.addAll(current.tables);
    for (String column : current.columns) {
      String table = FileGraph.tableOf(column);
      if (table != null) {
        tables.add(table);
      }
    }
    if (!tables.isEmpty()) {
      tx.run(GraphStatements.LOCK_TABLES, Map.of(GraphStatements.NAMES, new ArrayList<>(tables))).consume();
    }
  }

  /**
   * The baseline: one transaction per entity of one file. A retried document must pass the same
   * {@code progress}, so that orphan candidates detached by an earlier, partly applied attempt are
   * still pruned.
   */
  void writePerEntity(FileChange change, Detached progress) {
    List<FileChange> one = List.of(change);
    try (Session session = driver.session()) {
      for (GraphAction action : GraphPlanner.detach(one)) {
        Statement statement = BatchStrategy.single(action).get(0);
        List<Record> result = write(session, tx -> tx.run(statement.cypher(), statement.parameters()).list());
        progress.collect(result);
      }
      for (GraphAction action : GraphPlanner.merge(one)) {
        writeSingle(session, action);
      }
      for (GraphAction action : GraphPlanner.prune(progress.tables, progress.columns, one)) {
        writeSingle(session, action);
      }
    }
  }

  private void writeSingle(Session session, GraphAction action) {
    Statement statement = BatchStrategy.single(action).get(0);
    write(session, tx -> {
      tx.run(statement.cypher(), statement.parameters()).consume();
      return 1;
    });
  }

  private <T> T write(Session session, TransactionCallback<T> work) {
    AtomicInteger attempt = new AtomicInteger();
    long started = System.nanoTime();
    int[] rows = new int[1];
    T result = session.executeWrite(tx -> {
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

  /** Names detached from a file's old contribution: the candidates for orphan pruning. */
  static final class Detached {
    final Set<String> tables = new TreeSet<>();
    final Set<String> columns = new TreeSet<>();

    void collect(List<Record> records) {
      for (Record record : records) {
        add(record, "tables", tables);
        add(record, "columns", columns);
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
