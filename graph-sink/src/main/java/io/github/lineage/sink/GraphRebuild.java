package io.github.lineage.sink;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.DeadLetter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the graph what the compacted documents topic says, whatever the graph held before (empty,
 * or written by a sink that missed deletes). The topic is read from its beginning to the end
 * offsets of the moment; the last record of each key is its file's state, a tombstone meaning
 * deleted.
 *
 * <ol>
 *   <li>Write (mode {@link Mode#REBUILD}): a second read of the topic, to the same end offsets,
 *       hands the last document of each live key to the sink's own {@link BatchProcessor} and
 *       {@link GraphWriter} (batched path, fenced, the sink's retries). Nothing of the topic is
 *       held in memory but the key index.
 *   <li>Reconcile: every File whose key is not live in the topic is removed through the sink's
 *       delete path, with the edges and the now orphaned tables and columns only it contributed.
 * </ol>
 *
 * <p>A live sink may be writing meanwhile. Rule chosen against removing what it just wrote: a File
 * is removed only if it was last written (its {@code writtenAt}, graph clock) before the scan
 * began, checked under the File's write lock in the removing transaction. A document the scan did
 * not see has an offset at or above the end offsets taken after that moment, so any sink writes it
 * after it, and its File is kept. The other rule (offset below the scanned end offsets) would need
 * each File to carry its document's partition and offset, and is not sound for the baseline path,
 * which writes unfenced; one graph clock compares every writer's writes. In the write phase the
 * fence does the same job: a document at or below its partition's fence is left out, a newer one
 * being in the graph.
 */
public final class GraphRebuild {

  private static final Logger LOG = LoggerFactory.getLogger(GraphRebuild.class);

  public enum Mode {
    /** Write every live document, then reconcile. */
    REBUILD,
    /** Only remove the files that are no longer live. */
    RECONCILE_ONLY
  }

  /**
   * What a rebuild did, or would do on a dry run.
   *
   * @param recordsRead records of the documents topic read (to its end offsets at the start)
   * @param liveDocuments keys whose last record is a document
   * @param deletedKeys keys whose last record is a tombstone
   * @param filesWritten documents written (dry run: that would be written)
   * @param filesLeftOut documents left out by their partition's fence: that version or a newer one
   *     is in the graph already
   * @param failed documents that could not be written, {@code key (reason)}; the live sink
   *     dead-letters them
   * @param removed keys of the File nodes removed (dry run: that would be removed)
   * @param keptNewer keys not live in the topic whose File was written after the scan began (kept)
   */
  public record Report(
      String topic,
      Mode mode,
      boolean dryRun,
      long recordsRead,
      int liveDocuments,
      int deletedKeys,
      int filesWritten,
      int filesLeftOut,
      List<String> failed,
      List<String> removed,
      List<String> keptNewer,
      Duration took) {

    public Report {
      failed = List.copyOf(failed);
      removed = List.copyOf(removed);
      keptNewer = List.copyOf(keptNewer);
    }
  }

  /** The last record of one key, as the first read found it. */
  private record Latest(int partition, long offset, long timestamp, boolean deleted) {}

  private final KafkaSettings kafka;
  private final Driver driver;
  private final SinkConfig config;
  private final SinkMetrics metrics;
  private final GraphWriter writer;

  public GraphRebuild(
      KafkaSettings kafka, Driver driver, SinkConfig config, MeterRegistry registry) {
    this(kafka, driver, config, new SinkMetrics(registry));
  }

  GraphRebuild(KafkaSettings kafka, Driver driver, SinkConfig config, SinkMetrics metrics) {
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.driver = Objects.requireNonNull(driver, "driver");
    this.config = Objects.requireNonNull(config, "config");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.writer = new GraphWriter(driver, metrics);
  }

  /**
   * Runs a rebuild (or reconcile) of the whole graph; a dry run reads and reports, and changes
   * nothing (not even the schema). A real run first ensures the graph schema.
   *
   * @throws IllegalStateException when the documents topic does not exist or Kafka does not answer
   */
  public Report run(Mode mode, boolean dryRun) {
    if (!dryRun) {
      GraphSchema.ensure(driver);
    }
    return run(mode, dryRun, DocumentsTopic.describe(kafka), () -> false);
  }

  Report run(Mode mode, boolean dryRun, DocumentsTopic topic, BooleanSupplier cancelled) {
    long started = System.nanoTime();
    long scanStart = writer.graphTime();
    DocumentsScan scan = new DocumentsScan(kafka, topic.name());
    Map<TopicPartition, Long> ends = scan.endOffsets();
    Map<String, Latest> index = new HashMap<>();
    long read =
        scan.read(
            ends,
            cancelled,
            r -> {
              if (r.key() != null) {
                index(index, new String(r.key(), StandardCharsets.UTF_8), r);
              }
            });
    int live = (int) index.values().stream().filter(l -> !l.deleted()).count();
    LOG.info(
        "{} read to its end offsets in {} ms: {} records, {} keys, {} live",
        topic.name(),
        (System.nanoTime() - started) / 1_000_000,
        read,
        index.size(),
        live);

    int written = 0;
    int leftOut = 0;
    List<String> failed = new ArrayList<>();
    if (mode == Mode.REBUILD && dryRun) {
      leftOut = writer.fencedKeys(livePositions(topic, index)).size();
      written = live - leftOut;
    } else if (mode == Mode.REBUILD) {
      Totals total = write(scan, ends, index, topic, cancelled);
      written = total.written;
      leftOut = total.fenced;
      failed.addAll(total.failed);
    }

    List<String> candidates = new ArrayList<>();
    List<String> keptNewer = new ArrayList<>();
    try (Session session = driver.session()) {
      session.executeRead(
          tx -> {
            tx.run(GraphStatements.FILE_KEYS)
                .forEachRemaining(
                    r -> {
                      String key = r.get("key").asString();
                      Latest latest = index.get(key);
                      if (latest == null || latest.deleted()) {
                        boolean older =
                            r.get("writtenAt").isNull() || r.get("writtenAt").asLong() < scanStart;
                        (older ? candidates : keptNewer).add(key);
                      }
                    });
            return null;
          });
    }
    candidates.sort(null);
    keptNewer.sort(null);
    List<String> removed = dryRun ? candidates : remove(candidates, scanStart, cancelled);
    if (!dryRun) {
      metrics.reconcileRemoved(removed.size());
      // The graph now holds no file deleted before the scan began: what a caught-up sink
      // guarantees.
      new CatchUpRecords(driver).recordAll(topic, scanStart);
    }
    return new Report(
        topic.name(),
        mode,
        dryRun,
        read,
        live,
        index.size() - live,
        written,
        leftOut,
        failed,
        removed,
        keptNewer,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static void index(
      Map<String, Latest> index, String key, ConsumerRecord<byte[], byte[]> r) {
    Latest next = new Latest(r.partition(), r.offset(), r.timestamp(), r.value() == null);
    index.merge(
        key,
        next,
        (before, now) -> {
          if (before.partition() == now.partition()) {
            return now.offset() > before.offset() ? now : before;
          }
          // One key in two partitions (the partition count was raised): the later record is its
          // state.
          return now.timestamp() >= before.timestamp() ? now : before;
        });
  }

  private Map<String, Position> livePositions(DocumentsTopic topic, Map<String, Latest> index) {
    Map<String, Position> positions = new LinkedHashMap<>();
    index.forEach(
        (key, l) -> {
          if (!l.deleted()) {
            positions.put(key, new Position(topic.fenceTopic(), l.partition(), l.offset()));
          }
        });
    return positions;
  }

  /** The second read: the last document of each live key, through the sink's batch processor. */
  private Totals write(
      DocumentsScan scan,
      Map<TopicPartition, Long> ends,
      Map<String, Latest> index,
      DocumentsTopic topic,
      BooleanSupplier cancelled) {
    BatchProcessor processor =
        new BatchProcessor(
            writer,
            RetryPolicy.of(config),
            key -> true,
            topic.id(),
            metrics,
            new Sleep(cancelled),
            "rebuild");
    List<ConsumerRecord<byte[], byte[]>> chunk = new ArrayList<>();
    Totals totals = new Totals();
    scan.read(
        ends,
        cancelled,
        r -> {
          Latest latest =
              r.key() == null ? null : index.get(new String(r.key(), StandardCharsets.UTF_8));
          if (latest != null
              && !latest.deleted()
              && latest.partition() == r.partition()
              && latest.offset() == r.offset()) {
            chunk.add(r);
            if (chunk.size() >= config.batchSize()) {
              totals.add(processor.process(chunk));
              chunk.clear();
            }
          }
        });
    if (!chunk.isEmpty()) {
      totals.add(processor.process(chunk));
    }
    return totals;
  }

  private List<String> remove(List<String> candidates, long scanStart, BooleanSupplier cancelled) {
    List<String> removed = new ArrayList<>();
    List<String> sorted = List.copyOf(new TreeSet<>(candidates));
    for (int i = 0; i < sorted.size(); i += config.batchSize()) {
      if (cancelled.getAsBoolean()) {
        throw new BatchAborted();
      }
      removed.addAll(
          writer.removeWrittenBefore(
              sorted.subList(i, Math.min(sorted.size(), i + config.batchSize())), scanStart));
    }
    return removed;
  }

  /**
   * The outcomes of the rebuild's batches, added up: counts and failed keys only, never the
   * documents.
   */
  private static final class Totals {
    int written;
    int fenced;
    final List<String> failed = new ArrayList<>();

    void add(BatchOutcome outcome) {
      written += outcome.written().size();
      fenced += outcome.fenced().size();
      for (DeadLetter letter : outcome.deadLetters()) {
        failed.add(new String(letter.key(), StandardCharsets.UTF_8) + " (" + letter.reason() + ")");
      }
    }
  }

  /** Waits out a retry's backoff in this thread; gives up once the run is cancelled. */
  private record Sleep(BooleanSupplier cancelled) implements Pause {
    @Override
    public void await(Duration backoff) {
      long deadline = System.nanoTime() + backoff.toNanos();
      while (System.nanoTime() < deadline) {
        beforeAttempt();
        try {
          Thread.sleep(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BatchAborted();
        }
      }
    }

    @Override
    public void beforeAttempt() {
      if (cancelled.getAsBoolean()) {
        throw new BatchAborted();
      }
    }
  }
}
