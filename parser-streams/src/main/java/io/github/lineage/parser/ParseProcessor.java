package io.github.lineage.parser;

import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.guard.Drill;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ChangeKind;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.StatementError;
import io.github.lineage.sql.LineageExtractor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a (debounced) change event into the file's document: a tombstone for a DELETE; for an
 * UPSERT, nothing when the content is what the last document of the key already shows (flag {@code
 * lineage.debounce}), else the lineage from the parse cache (flag {@code lineage.parse-cache}) (a
 * global store, see {@link TopologyFactory}) or from the extractor. Statement errors stay inside
 * the document; only an exception of the extractor itself sends the event to the DLQ.
 *
 * <p>The guard: every file's outcome is a signal (by its cohorts); a sampled share of cache hits is
 * re-parsed fresh and compared (a mismatch counts against {@code lineage.parse-cache} and the fresh
 * lineage is sent); every event served from the cache is remembered ({@link
 * StoreNames#CACHE_SERVED}) until the flag is off for its file, when it is re-parsed fresh, so a
 * rollback leaves the graph exact. The drill ({@code LINEAGE_DRILL}) makes the on-cohort fail,
 * slow, or get corrupted hits.
 */
final class ParseProcessor implements Processor<String, DecodedChange, Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(ParseProcessor.class);

  /** Under the producer's and broker's default 1 MiB limits, with room for key and headers. */
  static final int MAX_DOCUMENT_BYTES = 1_000_000;

  /**
   * How often the events served from the cache are checked against the flag (a rollback's
   * re-parse).
   */
  static final Duration REPARSE_CHECK_INTERVAL = Duration.ofSeconds(1);

  /**
   * A file leaves the cache's cohort only when the flag's state changes (rollout, on/off, the
   * guard's override), so the store is scanned on such a change, and this often in any case as a
   * backstop.
   */
  static final Duration REPARSE_FULL_SCAN_INTERVAL = Duration.ofSeconds(30);

  private final ProcessGuard guard;
  private final Flags flags;
  private final LineageExtractor extractor;
  private final ParserMetrics metrics;
  private final DeadLetters deadLetters;

  /** The largest document (and cache entry) a record may carry: {@code RecordLimits}. */
  private final int maxDocumentBytes;

  private final String documentsSink;
  private final String cacheSink;
  private final String dlqSink;
  private ProcessorContext<Object, Object> context;
  private TimestampedKeyValueStore<String, FileLineage> cache;
  private KeyValueStore<String, String> lastEmitted;
  private KeyValueStore<String, ChangeEvent> cacheServed;
  private List<Object> lastCacheState = List.of();
  private long lastFullScanMs;

  ParseProcessor(
      ProcessGuard guard,
      LineageExtractor extractor,
      ParserMetrics metrics,
      DeadLetters deadLetters,
      int maxDocumentBytes,
      String documentsSink,
      String cacheSink,
      String dlqSink) {
    this.guard = guard;
    this.flags = guard.flags();
    this.extractor = extractor;
    this.metrics = metrics;
    this.deadLetters = deadLetters;
    this.maxDocumentBytes = maxDocumentBytes;
    this.documentsSink = documentsSink;
    this.cacheSink = cacheSink;
    this.dlqSink = dlqSink;
  }

  /** The parse-cache key: same content and same engine version give the same lineage. */
  static String fingerprint(String sha256, String parserVersion) {
    return sha256 + ":" + parserVersion;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.cache = context.getStateStore(StoreNames.PARSE_CACHE);
    this.lastEmitted = context.getStateStore(StoreNames.LAST_EMITTED);
    this.cacheServed = context.getStateStore(StoreNames.CACHE_SERVED);
    context.schedule(
        REPARSE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> reparseLeftCache());
  }

  @Override
  public void process(Record<String, DecodedChange> record) {
    long started = System.nanoTime();
    String key = record.key();
    ChangeEvent event = record.value().event();
    if (event.kind() == ChangeKind.DELETE) {
      context.forward(new Record<String, byte[]>(key, null, record.timestamp()), documentsSink);
      lastEmitted.delete(key);
      cacheServed.delete(key);
      metrics.processed.increment();
      metrics.duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      LOG.trace("{}: deleted, tombstone sent", key);
      return;
    }
    String version = extractor.version();
    String fingerprint = fingerprint(event.sha256(), version);
    // Unchanged content belongs to the dedup optimisation: with the flag off every event is parsed.
    if (flags.isEnabled(Flag.DEBOUNCE, key) && fingerprint.equals(lastEmitted.get(key))) {
      metrics.deduplicated.increment();
      LOG.trace("{}: content unchanged, no new document", key);
      return;
    }
    byte[] document;
    try {
      drill(key);
      FileLineage lineage = lineageOf(key, event, fingerprint);
      countFailedStatements(lineage, event.content());
      document = Topics.DOCUMENT_SERDE.toBytes(LineageDocument.of(event, version, lineage));
    } catch (RuntimeException | StackOverflowError e) {
      Origin origin = record.value().origin();
      LOG.warn(
          "extractor failed on {} ({}-{}@{}), sent to the DLQ",
          key,
          origin.topic(),
          origin.partition(),
          origin.offset(),
          e);
      metrics.failed(DeadLetterReason.EXTRACTOR).increment();
      guard.signals().failed(key);
      context.forward(deadLetters.record(origin, DeadLetterReason.EXTRACTOR, e), dlqSink);
      return;
    }
    // Serialized here, not in the sink: a document the broker would refuse goes to the DLQ instead
    // of failing the stream thread over and over.
    if (document.length > maxDocumentBytes) {
      Origin origin = record.value().origin();
      LOG.warn(
          "document of {} is {} bytes, over the {} byte limit: sent to the DLQ",
          key,
          document.length,
          maxDocumentBytes);
      metrics.failed(DeadLetterReason.TOO_LARGE).increment();
      guard.signals().failed(key);
      context.forward(
          deadLetters.record(
              origin,
              DeadLetterReason.TOO_LARGE,
              new IllegalStateException(
                  "document of "
                      + document.length
                      + " bytes exceeds "
                      + maxDocumentBytes
                      + " (raise MAX_FILE_BYTES to let larger records through)")),
          dlqSink);
      return;
    }
    context.forward(new Record<>(key, document, record.timestamp()), documentsSink);
    lastEmitted.put(key, fingerprint);
    guard.signals().processed(key);
    metrics.processed.increment();
    metrics.duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  /** The drill's fail and slow modes, for files of its flag's on-cohort only. */
  private void drill(String key) {
    if (guard.drills(Drill.Mode.FAIL, key)) {
      throw new IllegalStateException(
          "drill " + guard.drill().orElseThrow() + ": this file fails on purpose");
    }
    if (guard.drills(Drill.Mode.SLOW, key)) {
      try {
        Thread.sleep(Drill.SLOW_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Re-parses, fresh, the events whose document came from the cache and for whose file the cache is
   * now off: after a rollback the graph holds no cache-served document any more.
   */
  private void reparseLeftCache() {
    List<Object> state = List.of(flags.describe(), guard.flags().overridden());
    long now = context.currentSystemTimeMs();
    if (state.equals(lastCacheState)
        && now - lastFullScanMs < REPARSE_FULL_SCAN_INTERVAL.toMillis()) {
      return;
    }
    lastCacheState = state;
    lastFullScanMs = now;
    List<KeyValue<String, ChangeEvent>> left = new ArrayList<>();
    try (KeyValueIterator<String, ChangeEvent> all = cacheServed.all()) {
      while (all.hasNext()) {
        KeyValue<String, ChangeEvent> entry = all.next();
        if (!flags.isEnabled(Flag.PARSE_CACHE, entry.key)) {
          left.add(entry);
        }
      }
    }
    if (left.isEmpty()) {
      return;
    }
    String version = extractor.version();
    int sent = 0;
    for (KeyValue<String, ChangeEvent> entry : left) {
      cacheServed.delete(entry.key);
      ChangeEvent event = entry.value;
      byte[] document;
      try {
        document =
            Topics.DOCUMENT_SERDE.toBytes(
                LineageDocument.of(
                    event, version, extractor.extract(event.path(), event.content())));
      } catch (RuntimeException | StackOverflowError e) {
        // It parsed from the cache, so the extractor failing now is the engine's problem, not this
        // file's.
        LOG.warn(
            "re-parse of {} after the parse cache was switched off failed; its document stays",
            entry.key,
            e);
        continue;
      }
      if (document.length <= maxDocumentBytes) {
        context.forward(
            new Record<>(entry.key, document, context.currentSystemTimeMs()), documentsSink);
        lastEmitted.put(entry.key, fingerprint(event.sha256(), version));
        sent++;
      }
    }
    LOG.warn(
        "parse cache off: {} file(s) whose document came from the cache re-parsed fresh", sent);
  }

  private void countFailedStatements(FileLineage lineage, String content) {
    // Warnings (a dbt macro that is not vendored) are FileLineage.warnings(), never errors.
    for (StatementError error : lineage.errors()) {
      metrics.statementFailed(StatementKinds.at(content, error.line())).increment();
    }
  }

  private FileLineage lineageOf(String key, ChangeEvent event, String fingerprint) {
    if (!flags.isEnabled(Flag.PARSE_CACHE, key)) {
      cacheServed.delete(key);
      return extractor.extract(event.path(), event.content());
    }
    ValueAndTimestamp<FileLineage> cached = cache.get(fingerprint);
    if (cached != null && cached.value() != null) {
      metrics.cacheHit.increment();
      FileLineage served =
          guard.drills(Drill.Mode.CORRUPT, key) ? Drill.corrupt(cached.value()) : cached.value();
      if (guard.sampled()) {
        FileLineage fresh = extractor.extract(event.path(), event.content());
        boolean mismatch = !sameLineage(served, fresh);
        guard.signals().lineageChecked(Flag.PARSE_CACHE, key, mismatch);
        if (mismatch) {
          LOG.warn(
              "{}: the parse cache's lineage differs from a fresh parse; the fresh one is sent",
              key);
          cacheServed.delete(key);
          return fresh;
        }
      }
      cacheServed.put(key, event);
      return served;
    }
    cacheServed.delete(key);
    metrics.cacheMiss.increment();
    FileLineage parsed = extractor.extract(event.path(), event.content());
    if (parsed == null) {
      throw new IllegalStateException("extractor " + extractor.version() + " returned no result");
    }
    byte[] entry = TopologyFactory.FILE_LINEAGE_SERDE.toBytes(parsed);
    if (entry.length <= maxDocumentBytes) {
      // The global store is read-only here: the entry reaches it through the parse-cache topic.
      context.forward(new Record<>(fingerprint, entry, context.currentSystemTimeMs()), cacheSink);
    }
    return parsed;
  }

  /**
   * Same statements and errors; the path and sha of a cache entry are those of the file first
   * parsed.
   */
  static boolean sameLineage(FileLineage a, FileLineage b) {
    return a.statements().equals(b.statements()) && a.errors().equals(b.errors());
  }
}
