package io.github.lineage.core.metrics;

/**
 * Every metric name of docs/design.md §7, defined once. Micrometer names use dots; the Prometheus
 * registry renders {@code files.processed} as {@code files_processed_total} for counters and adds
 * {@code _seconds} to timers, so the names here are chosen to come out exactly as the spec says.
 */
public final class MetricNames {

  /** Counter, tags {@code stage}: files that went through a stage successfully. */
  public static final String FILES_PROCESSED = "files.processed";

  /**
   * Counter, tags {@code stage}, {@code reason}: files that failed (too_large, binary, parse, dlq,
   * ...).
   */
  public static final String FILES_FAILED = "files.failed";

  public static final String PARSE_CACHE_HIT = "parse.cache.hit";
  public static final String PARSE_CACHE_MISS = "parse.cache.miss";

  /** Parse-cache entries evicted (tag {@code reason}: {@code ttl} or {@code size}). */
  public static final String PARSE_CACHE_EVICTIONS = "parse.cache.evictions";

  /** Parse-cache entries held by this instance (RocksDB's estimate). */
  public static final String PARSE_CACHE_ENTRIES = "parse.cache.entries";

  /**
   * Counter, tags {@code stage}, {@code reason}: paths not read at all (a symlink outside the root,
   * ...).
   */
  public static final String FILES_SKIPPED = "files.skipped";

  /**
   * Counter: full rescans of the watched root after the start-up scan (periodic, overflow, errors).
   */
  public static final String WATCHER_RESCANS = "watcher.rescans";

  /** Counter: events collapsed by the debounce window or skipped as unchanged content. */
  public static final String EVENTS_DEDUPLICATED = "events.deduplicated";

  /** Distribution summary: records per graph write batch. */
  public static final String BATCH_SIZE = "batch.size";

  /** Timer (histogram with p50/p95/p99): duration of one batch through a stage. */
  public static final String BATCH_PROCESSING_DURATION = "batch.processing.duration";

  /** Counter: graph write transactions committed by the sink. */
  public static final String NEO4J_BATCH_WRITES = "neo4j.batch.writes";

  /** Counter: rows (nodes/edges) sent in graph write transactions. */
  public static final String NEO4J_BATCH_ROWS = "neo4j.batch.rows";

  /** Counter: graph write attempts that were retried after a transient error. */
  public static final String NEO4J_BATCH_RETRIES = "neo4j.batch.retries";

  /** Documents the sink left out because a newer one of their partition was already written. */
  public static final String NEO4J_BATCH_FENCED = "neo4j.batch.fenced";

  /**
   * Counter: File nodes a reconcile removed because their key is no longer live in the documents
   * topic.
   */
  public static final String SINK_RECONCILE_REMOVED = "sink.reconcile.removed";

  /** Timer: duration of one graph write transaction. */
  public static final String NEO4J_BATCH_DURATION = "neo4j.batch.duration";

  /** Gauge, tags {@code stage}: worker threads currently running. */
  public static final String ACTIVE_WORKERS = "active.workers";

  /** Gauge, tags {@code stage}: consumer lag in records. */
  public static final String QUEUE_SIZE = "queue.size";

  /** Gauge, tags {@code flag}: 1 when the flag is on for this instance (or any file), else 0. */
  public static final String FEATURE_FLAG_ENABLED = "feature.flag.enabled";

  /** Counter: failed fetches of the toggles from Unleash. */
  public static final String FEATURE_FLAG_FETCH_FAILURES = "feature.flag.fetch.failures";

  /** Gauge, tag {@code stage}: 1 while the stage runs, 0 while it starts or after it failed. */
  public static final String STAGE_RUNNING = "stage.running";

  /** Counter, tag {@code kind}: statements of parsed files that could not be parsed or analysed. */
  public static final String STATEMENTS_FAILED = "statements.failed";

  public static final String TAG_KIND = "kind";

  /**
   * Counter, tag {@code outcome} (sent, failed, dropped): OpenLineage events of written documents.
   */
  public static final String OPENLINEAGE_EVENTS = "openlineage.events";

  public static final String TAG_OUTCOME = "outcome";

  /** Timer: file modification (as observed by the watcher) to graph commit. */
  public static final String CHANGE_TO_GRAPH_LATENCY = "change.to.graph.latency";

  /** Flags the guard switched off, by flag and rule: {@code flag_rollbacks_total{flag,rule}}. */
  public static final String FLAG_ROLLBACKS = "flag.rollbacks";

  /** Unix time of the guard's last rollback of a flag by a rule (Grafana annotations). */
  public static final String FLAG_ROLLBACK_TIMESTAMP = "flag.rollback.timestamp.seconds";

  /**
   * Files by the cohort of each per-file flag and outcome: {@code
   * guard_cohort_files_total{flag,cohort,outcome}}.
   */
  public static final String GUARD_COHORT_FILES = "guard.cohort.files";

  /**
   * Sampled lineage recomputations, optimisation off: {@code
   * guard_lineage_checks_total{flag,cohort,result}}.
   */
  public static final String GUARD_LINEAGE_CHECKS = "guard.lineage.checks";

  /**
   * Change-to-graph latency by the cohort of each per-file flag: {@code
   * guard_cohort_latency_seconds}.
   */
  public static final String GUARD_COHORT_LATENCY = "guard.cohort.latency";

  public static final String TAG_COHORT = "cohort";
  public static final String TAG_RULE = "rule";
  public static final String TAG_RESULT = "result";

  public static final String TAG_STAGE = "stage";
  public static final String TAG_REASON = "reason";
  public static final String TAG_FLAG = "flag";

  public static final String STAGE_WATCHER = "watcher";
  public static final String STAGE_PARSER = "parser";
  public static final String STAGE_SINK = "sink";

  private MetricNames() {}
}
