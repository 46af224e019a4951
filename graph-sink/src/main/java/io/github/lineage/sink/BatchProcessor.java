package io.github.lineage.sink;

import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.sink.DecodedRecord.Change;
import io.github.lineage.sink.DecodedRecord.Rejected;
import io.github.lineage.sink.RetryPolicy.Attempts;
import io.github.lineage.sink.RetryPolicy.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one batch of consumed records into graph writes and dead letters, and says what became of
 * each ({@link BatchOutcome}); it neither commits nor sends. Records are decoded from their raw
 * bytes (an undecodable one becomes a dead letter as it came), the last document of each key wins,
 * and each change goes the way flag {@code neo4j-batch} says for its key: the batched path writes
 * them all in one fenced transaction and falls back to one document at a time when that fails; the
 * baseline writes entity by entity. Failures are answered by the {@link RetryPolicy}; its waits go
 * through {@link Pause}.
 */
final class BatchProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

  private final GraphWrites graph;
  private final RetryPolicy policy;
  private final Predicate<String> batchedPath;
  private final String fenceTopicId;
  private final SinkMetrics metrics;
  private final Pause pause;
  private final String who;

  /**
   * @param batchedPath whether a key's change takes the batched path (flag {@code neo4j-batch})
   * @param fenceTopicId the documents topic's id, part of each fence's name (a topic deleted and
   *     created again starts with fresh fences); empty when the broker does not say
   * @param who names the worker in log lines
   */
  BatchProcessor(
      GraphWrites graph,
      RetryPolicy policy,
      Predicate<String> batchedPath,
      String fenceTopicId,
      SinkMetrics metrics,
      Pause pause,
      String who) {
    this.graph = graph;
    this.policy = policy;
    this.batchedPath = batchedPath;
    this.fenceTopicId = fenceTopicId == null ? "" : fenceTopicId;
    this.metrics = metrics;
    this.pause = pause;
    this.who = who;
  }

  BatchOutcome process(List<ConsumerRecord<byte[], byte[]>> records) {
    List<DeadLetter> deadLetters = new ArrayList<>();
    // One change per file: a document replaces all its file contributed, so the last one wins.
    Map<String, Change> latest = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      DecodedRecord decoded = DecodedRecord.decode(record);
      if (decoded instanceof Change change) {
        latest.remove(change.change().key());
        latest.put(change.change().key(), change);
      } else {
        Rejected r = (Rejected) decoded;
        LOG.warn(
            "{}: dead-lettering {}-{}@{}: {}",
            who,
            record.topic(),
            record.partition(),
            record.offset(),
            r.error().getMessage());
        deadLetters.add(deadLetter(record, r.reason(), r.error(), 1));
        metrics.failed(r.reason());
      }
    }
    List<Change> batched = new ArrayList<>();
    List<Change> baseline = new ArrayList<>();
    for (Change change : latest.values()) {
      (batchedPath.test(change.change().key()) ? batched : baseline).add(change);
    }
    Written done = new Written();
    if (!batched.isEmpty()) {
      Set<String> fenced = writeBatch(batched);
      if (fenced != null) {
        done.add(batched, fenced);
      } else {
        for (Change change : batched) {
          writeDocument(change, true, done, deadLetters);
        }
      }
    }
    for (Change change : baseline) {
      writeDocument(change, false, done, deadLetters);
    }
    return new BatchOutcome(
        records.size(), done.written, done.fenced, deadLetters, batched.size(), baseline.size());
  }

  /**
   * Writes the batch in one transaction; the keys the fence left out, or null: split it into its
   * documents.
   */
  private Set<String> writeBatch(List<Change> changes) {
    List<FileState> files = changes.stream().map(Change::change).toList();
    Map<String, Position> positions = positions(changes);
    Attempts attempts = Attempts.NONE;
    while (true) {
      pause.beforeAttempt();
      try {
        Set<String> fenced = graph.writeBatched(files, positions);
        if (!fenced.isEmpty()) {
          LOG.warn(
              "{}: {} documents left out, a newer document of their partition is in the graph "
                  + "(this worker lost its partitions while it retried): {}",
              who,
              fenced.size(),
              fenced);
        }
        return fenced;
      } catch (RuntimeException e) {
        Decision next = policy.afterBatchFailure(attempts, e);
        attempts = next.attempts();
        if (!next.retry()) {
          // Transient by its class but failing every time (e.g. over Neo4j's transaction memory),
          // or not transient at all: smaller transactions may pass, and what still fails is
          // dead-lettered alone.
          LOG.warn(
              "{}: batch of {} documents failed ({}, {} time(s): {}); writing them one by one",
              who,
              files.size(),
              next.error(),
              attempts.bounded(),
              e.getMessage());
          return null;
        }
        metrics.retry();
        LOG.warn(
            "{}: batch write failed ({}: {}), retry {}",
            who,
            next.error(),
            e.getMessage(),
            attempts.unavailable() + attempts.bounded());
        pause.await(next.backoff());
      }
    }
  }

  private void writeDocument(
      Change change, boolean batched, Written done, List<DeadLetter> deadLetters) {
    GraphWriter.Detached progress = new GraphWriter.Detached();
    Attempts attempts = Attempts.NONE;
    while (true) {
      pause.beforeAttempt();
      try {
        if (batched) {
          done.add(
              List.of(change),
              graph.writeBatched(List.of(change.change()), positions(List.of(change))));
        } else {
          graph.writePerEntity(change.change(), progress);
          done.add(List.of(change), Set.of());
        }
        return;
      } catch (RuntimeException e) {
        Decision next = policy.afterDocumentFailure(attempts, e);
        attempts = next.attempts();
        if (!next.retry()) {
          ConsumerRecord<byte[], byte[]> r = change.record();
          LOG.error(
              "{}: {} failed {} times, dead-lettering {}-{}@{}",
              who,
              change.change().key(),
              attempts.bounded(),
              r.topic(),
              r.partition(),
              r.offset(),
              e);
          deadLetters.add(deadLetter(r, DeadLetterReason.WRITE_FAILED, e, attempts.bounded()));
          metrics.failed(DeadLetterReason.WRITE_FAILED);
          return;
        }
        metrics.retry();
        if (next.error() == RetryPolicy.ErrorClass.UNAVAILABLE) {
          // Neo4j is down or restarting: wait for it as long as it takes.
          LOG.warn(
              "{}: graph unavailable writing {} ({}), retrying",
              who,
              change.change().key(),
              e.getMessage());
        }
        pause.await(next.backoff());
      }
    }
  }

  private Map<String, Position> positions(List<Change> changes) {
    Map<String, Position> positions = new LinkedHashMap<>();
    for (Change change : changes) {
      ConsumerRecord<byte[], byte[]> r = change.record();
      positions.put(
          change.change().key(),
          new Position(r.topic() + "@" + fenceTopicId, r.partition(), r.offset()));
    }
    return positions;
  }

  private static DeadLetter deadLetter(
      ConsumerRecord<byte[], byte[]> r, DeadLetterReason reason, Exception error, int attempts) {
    return DeadLetter.of(
        DeadLetter.Stage.SINK,
        r.topic(),
        r.partition(),
        r.offset(),
        r.key(),
        r.value(),
        reason,
        error,
        attempts);
  }

  /** The changes that reached the graph, apart from those the fence left out. */
  private static final class Written {
    final List<Change> written = new ArrayList<>();
    final List<Change> fenced = new ArrayList<>();

    void add(List<Change> changes, Set<String> fencedKeys) {
      for (Change change : changes) {
        (fencedKeys.contains(change.change().key()) ? fenced : written).add(change);
      }
    }
  }
}
