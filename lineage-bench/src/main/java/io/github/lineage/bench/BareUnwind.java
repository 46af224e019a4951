package io.github.lineage.bench;

import io.github.lineage.core.kafka.Topics;
import io.github.lineage.sink.GraphMerge;
import io.github.lineage.sink.GraphMerge.KeyedDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * The sink's limit: the rows the sink ends up writing (files, tables, columns, READS, WRITES,
 * FEEDS, DERIVES of the same documents), sent with the bare driver as one {@code UNWIND $rows
 * MERGE} per shape, one transaction per batch of documents, into a clean database of the same
 * Neo4j, on the same number of threads. No Kafka, no decoding in the timed part, no detach or prune
 * phase.
 */
final class BareUnwind {

  record Result(int threads, int files, long rows, int transactions, double seconds) {
    double filesPerSecond() {
      return files / seconds;
    }

    double rowsPerSecond() {
      return rows / seconds;
    }
  }

  private BareUnwind() {}

  /** The graph contributions of the documents the parser wrote (tombstones skipped). */
  static List<KeyedDocument> changes(List<ConsumerRecord<String, byte[]>> documents) {
    List<KeyedDocument> changes = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : documents) {
      if (r.value() != null) {
        changes.add(new KeyedDocument(r.key(), Topics.DOCUMENT_SERDE.fromBytes(r.value())));
      }
    }
    return changes;
  }

  static Result measure(Driver driver, List<KeyedDocument> changes, int threads, int batchSize)
      throws Exception {
    // Shares by key, as partitions would split them; each share in batches of batchSize documents.
    List<List<List<GraphMerge.Statement>>> work = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      work.add(new ArrayList<>());
    }
    List<List<KeyedDocument>> shares = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      shares.add(new ArrayList<>());
    }
    for (KeyedDocument c : changes) {
      shares.get(Math.floorMod(c.key().hashCode(), threads)).add(c);
    }
    long rows = 0;
    for (int i = 0; i < threads; i++) {
      List<KeyedDocument> share = shares.get(i);
      Instant now = Instant.now();
      for (int from = 0; from < share.size(); from += batchSize) {
        List<GraphMerge.Statement> batch =
            GraphMerge.of(share.subList(from, Math.min(share.size(), from + batchSize)), now);
        rows += batch.stream().mapToLong(GraphMerge.Statement::rows).sum();
        work.get(i).add(batch);
      }
    }
    int transactions = work.stream().mapToInt(List::size).sum();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long started = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (List<List<GraphMerge.Statement>> batches : work) {
        futures.add(
            pool.submit(
                () -> {
                  try (Session session = driver.session()) {
                    for (List<GraphMerge.Statement> batch : batches) {
                      session.executeWrite(
                          tx -> {
                            for (GraphMerge.Statement s : batch) {
                              tx.run(s.cypher(), s.parameters()).consume();
                            }
                            return null;
                          });
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(
        threads, changes.size(), rows, transactions, (System.nanoTime() - started) / 1e9);
  }

  /** Empties the graph (constraints and indexes stay), in chunks so no transaction grows large. */
  static void clear(Driver driver) {
    try (Session session = driver.session()) {
      session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume();
    }
  }
}
