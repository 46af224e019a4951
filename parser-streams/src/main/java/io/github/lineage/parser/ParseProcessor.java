package io.github.lineage.parser;

import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ChangeKind;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.StatementError;
import io.github.lineage.sql.LineageExtractor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a (debounced) change event into the file's document: a tombstone for a DELETE; for an
 * UPSERT, nothing when the content is what the last document of the key already shows (flag
 * {@code lineage.batching}), else the lineage from the parse cache (flag {@code lineage.parse-cache})
 * (a global store, see {@link TopologyFactory}) or from the extractor. Statement errors stay inside the document; only an exception of the
 * extractor itself sends the event to the DLQ.
 */
final class ParseProcessor implements Processor<String, FileChange, Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(ParseProcessor.class);
  /** Under the producer's and broker's default 1 MiB limits, with room for key and headers. */
  static final int MAX_DOCUMENT_BYTES = 1_000_000;

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

  ParseProcessor(Flags flags, LineageExtractor extractor, ParserMetrics metrics, DeadLetters deadLetters,
      int maxDocumentBytes, String documentsSink, String cacheSink, String dlqSink) {
    this.flags = flags;
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
  }

  @Override
  public void process(Record<String, FileChange> record) {
    long started = System.nanoTime();
    String key = record.key();
    ChangeEvent event = record.value().event();
    if (event.kind() == ChangeKind.DELETE) {
      context.forward(new Record<String, byte[]>(key, null, record.timestamp()), documentsSink);
      lastEmitted.delete(key);
      metrics.processed.increment();
      metrics.duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      LOG.trace("{}: deleted, tombstone sent", key);
      return;
    }
    String version = extractor.version();
    String fingerprint = fingerprint(event.sha256(), version);
    // Unchanged content belongs to the dedup optimisation: with the flag off every event is parsed.
    if (flags.isEnabled(Flag.BATCHING, key) && fingerprint.equals(lastEmitted.get(key))) {
      metrics.deduplicated.increment();
      LOG.trace("{}: content unchanged, no new document", key);
      return;
    }
    byte[] document;
    try {
      FileLineage lineage = lineageOf(key, event, fingerprint);
      countFailedStatements(lineage, event.content());
      document = Topics.DOCUMENT_SERDE.toBytes(LineageDocument.of(event, version, lineage));
    } catch (RuntimeException | StackOverflowError e) {
      Origin origin = record.value().origin();
      LOG.warn("extractor failed on {} ({}-{}@{}), sent to the DLQ", key, origin.topic(), origin.partition(),
          origin.offset(), e);
      metrics.failed(DeadLetterReason.EXTRACTOR).increment();
      context.forward(deadLetters.record(origin, DeadLetterReason.EXTRACTOR, e), dlqSink);
      return;
    }
    // Serialized here, not in the sink: a document the broker would refuse goes to the DLQ instead of
    // failing the stream thread over and over.
    if (document.length > maxDocumentBytes) {
      Origin origin = record.value().origin();
      LOG.warn("document of {} is {} bytes, over the {} byte limit: sent to the DLQ", key, document.length,
          maxDocumentBytes);
      metrics.failed(DeadLetterReason.TOO_LARGE).increment();
      context.forward(deadLetters.record(origin, DeadLetterReason.TOO_LARGE,
          new IllegalStateException("document of " + document.length + " bytes exceeds " + maxDocumentBytes
              + " (raise MAX_FILE_BYTES to let larger records through)")), dlqSink);
      return;
    }
    context.forward(new Record<>(key, document, record.timestamp()), documentsSink);
    lastEmitted.put(key, fingerprint);
    metrics.processed.increment();
    metrics.duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private void countFailedStatements(FileLineage lineage, String content) {
    for (StatementError error : lineage.errors()) {
      // Warnings (a dbt macro that is not vendored) leave the statement's lineage whole.
      if (!error.message().startsWith("warning:")) {
        metrics.statementFailed(StatementKinds.at(content, error.line())).increment();
      }
    }
  }

  private FileLineage lineageOf(String key, ChangeEvent event, String fingerprint) {
    if (!flags.isEnabled(Flag.PARSE_CACHE, key)) {
      return extractor.extract(event.path(), event.content());
    }
    ValueAndTimestamp<FileLineage> cached = cache.get(fingerprint);
    if (cached != null && cached.value() != null) {
      metrics.cacheHit.increment();
      return cached.value();
    }
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
}
