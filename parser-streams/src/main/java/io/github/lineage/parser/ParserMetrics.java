package io.github.lineage.parser;

import static io.github.lineage.core.metrics.MetricNames.STAGE_PARSER;
import static io.github.lineage.core.metrics.MetricNames.TAG_REASON;
import static io.github.lineage.core.metrics.MetricNames.TAG_STAGE;

import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The parser's counters and timer (docs/design.md §7), registered once per topology and shared by
 * every task: Micrometer meters are thread-safe. The cache and dedup counters carry no stage tag
 * (only the parser has them); in one registry a name must always come with the same tag keys, so
 * the deduplication counter, which the watcher has too, carries the stage.
 */
final class ParserMetrics {

  /** A change event whose bytes are not a valid change event. */
  /** The lineage extractor itself threw (not a statement error: those stay in the document). */
  private final MeterRegistry registry;

  final Counter processed;
  final Counter cacheHit;
  final Counter cacheMiss;
  final Counter deduplicated;
  final Counter evictedByAge;
  final Counter evictedBySize;

  /** The parse cache's entry count as last estimated by the global thread. */
  final AtomicLong cacheEntries = new AtomicLong();

  /** Parse (or cache lookup) and emission of one file: for the parser a batch is one file. */
  final Timer duration;

  ParserMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.processed =
        Counter.builder(MetricNames.FILES_PROCESSED)
            .tag(TAG_STAGE, STAGE_PARSER)
            .description("files parsed into a document (or a tombstone)")
            .register(registry);
    this.cacheHit =
        Counter.builder(MetricNames.PARSE_CACHE_HIT)
            .description("parse results served from the parse cache")
            .register(registry);
    this.cacheMiss =
        Counter.builder(MetricNames.PARSE_CACHE_MISS)
            .description("parse cache lookups that had to parse")
            .register(registry);
    // Tagged like the watcher's counter of the same name: in one registry (lineage local) a name
    // with two tag sets loses one of its series.
    this.deduplicated =
        Counter.builder(MetricNames.EVENTS_DEDUPLICATED)
            .tag(TAG_STAGE, STAGE_PARSER)
            .description("events collapsed by the debounce window or skipped as unchanged")
            .register(registry);
    this.evictedByAge =
        Counter.builder(MetricNames.PARSE_CACHE_EVICTIONS)
            .tag(TAG_REASON, "ttl")
            .description("parse-cache entries evicted")
            .register(registry);
    this.evictedBySize =
        Counter.builder(MetricNames.PARSE_CACHE_EVICTIONS)
            .tag(TAG_REASON, "size")
            .description("parse-cache entries evicted")
            .register(registry);
    Gauge.builder(MetricNames.PARSE_CACHE_ENTRIES, cacheEntries, AtomicLong::get)
        .description("parse-cache entries held by this instance (estimate)")
        .register(registry);
    this.duration =
        Timer.builder(MetricNames.BATCH_PROCESSING_DURATION)
            .tag(TAG_STAGE, STAGE_PARSER)
            .description("time to turn one file change into its document")
            .publishPercentileHistogram()
            .register(registry);
    failed(DeadLetterReason.MALFORMED);
    failed(DeadLetterReason.EXTRACTOR);
    failed(DeadLetterReason.TOO_LARGE);
    // At 0 from the start: a dashboard panel and an alert see "none failed", not "no data".
    statementFailed(StatementKinds.OTHER);
  }

  /** Statements of emitted documents that could not be parsed or analysed, by first keyword. */
  Counter statementFailed(String kind) {
    return Counter.builder(MetricNames.STATEMENTS_FAILED)
        .tag(MetricNames.TAG_KIND, kind)
        .description(
            "statements that could not be parsed or analysed (their file's other statements keep their lineage)")
        .register(registry);
  }

  Counter failed(DeadLetterReason reason) {
    return Counter.builder(MetricNames.FILES_FAILED)
        .tag(TAG_STAGE, STAGE_PARSER)
        .tag(TAG_REASON, reason.code())
        .description("files sent to the dead-letter topic")
        .register(registry);
  }
}
