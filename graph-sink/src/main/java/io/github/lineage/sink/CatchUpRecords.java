package io.github.lineage.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * The sink's record, kept in the graph, of when it was last caught up with each documents-topic
 * partition ({@code caughtUpAt} on the partition's {@code SinkOffset} node, graph clock). It tells
 * a starting sink how long it was away: a tombstone appended after that moment is kept by the
 * broker for at least {@code delete.retention.ms}, so an absence shorter than that has lost no
 * delete.
 */
final class CatchUpRecords {

  private final Driver driver;

  CatchUpRecords(Driver driver) {
    this.driver = driver;
  }

  /**
   * Partition → caught up that many milliseconds ago (by this process's clock); never lowers a
   * record.
   */
  void recordAgo(DocumentsTopic topic, Map<Integer, Long> agoMillis) {
    List<Map<String, Object>> parts = new ArrayList<>();
    new TreeMap<>(agoMillis)
        .forEach(
            (partition, ago) ->
                parts.add(Map.of("id", topic.partitionId(partition), "ago", Math.max(0, ago))));
    write(parts);
  }

  /**
   * Every partition caught up at graph time {@code graphMillis} (a reconcile that read up to then).
   */
  void recordAll(DocumentsTopic topic, long graphMillis) {
    List<Map<String, Object>> parts = new ArrayList<>();
    for (int p = 0; p < topic.partitions(); p++) {
      parts.add(Map.of("id", topic.partitionId(p), "at", graphMillis));
    }
    write(parts);
  }

  private void write(List<Map<String, Object>> parts) {
    if (parts.isEmpty()) {
      return;
    }
    // Ids in sorted order, as the batches raise their fences: the two never deadlock on these
    // nodes.
    List<Map<String, Object>> sorted = new ArrayList<>(parts);
    sorted.sort((a, b) -> ((String) a.get("id")).compareTo((String) b.get("id")));
    try (Session session = driver.session()) {
      session.executeWrite(
          tx ->
              tx.run(GraphStatements.WRITE_CAUGHT_UP, Map.of(GraphStatements.PARTS, sorted))
                  .consume());
    }
  }

  /**
   * Partition → how many milliseconds ago (graph clock) the sink was last caught up with it;
   * absent: never.
   */
  Map<Integer, Long> absence(DocumentsTopic topic) {
    Map<String, Integer> byId = new HashMap<>();
    for (int p = 0; p < topic.partitions(); p++) {
      byId.put(topic.partitionId(p), p);
    }
    Map<Integer, Long> ago = new TreeMap<>();
    try (Session session = driver.session()) {
      List<Record> records =
          session.executeRead(
              tx ->
                  tx.run(
                          GraphStatements.READ_CAUGHT_UP,
                          Map.of(GraphStatements.IDS, new ArrayList<>(byId.keySet())))
                      .list());
      for (Record r : records) {
        if (!r.get("ago").isNull()) {
          ago.put(byId.get(r.get("id").asString()), r.get("ago").asLong());
        }
      }
    }
    return ago;
  }

  long fileCount() {
    try (Session session = driver.session()) {
      return session.executeRead(
          tx -> tx.run(GraphStatements.COUNT_FILES).single().get("files").asLong());
    }
  }
}
