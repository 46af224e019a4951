package io.github.lineage.parser;

import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ChangeKind;
import io.github.lineage.core.model.ContentHash;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.StatementError;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.dbt.DbtLineage;
import io.github.lineage.dbt.DbtProject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dbt projects' side of the parser (docs/dbt.md, "Streaming"). Its input is repartitioned by
 * project ({@code source:projectRoot}), so one task owns all the files of a project: it keeps them
 * in a changelogged store and renders the project with {@link DbtLineage} after a change, emitting
 * the document of every file of the project whose document changed (a model edited, or a model
 * whose render or upstream columns moved because of another file: {@code dbt_project.yml}, a macro,
 * a sources file, a model it refs or inlines), keyed by the file's own key, so the sink sees one
 * document per file as for plain SQL. Files that are not models (YAML, macros, seeds) get a
 * document without statements: the graph knows them and their sha256, never as SQL.
 *
 * <p>Flags are decided per project (the unit that is rendered): {@code lineage.debounce} renders a
 * project once its files have been quiet for the debounce window (flushed by a wall-clock
 * punctuator, pending projects survive a restart in their store) and skips an event whose content
 * the store already holds; {@code lineage.parse-cache} serves unchanged models from the global
 * parse-cache store ({@link DbtParseCache}). A delete sends the file's tombstone at once; its
 * dependents follow with the render. A model that does not render is a document with its errors; a
 * project that cannot be rendered at all gives every file such a document; never a dead thread.
 */
final class DbtProjectProcessor implements Processor<String, byte[], Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(DbtProjectProcessor.class);
  private static final char SEPARATOR = '\u0000';
  private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

  private final Flags flags;
  private final DbtLineage lineage;
  private final Map<String, String> env;
  private final ParserMetrics metrics;
  private final DeadLetters deadLetters;
  private final int maxDocumentBytes;
  private final long windowMs;
  private final Duration punctuationInterval;
  private final String fileChangesTopic;
  private final String documentsSink;
  private final String cacheSink;
  private final String dlqSink;

  /** In-memory mirror of the pending store: project key → wall-clock time of its last change. */
  private final Map<String, Long> pending = new HashMap<>();

  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, DbtFile> files;
  private KeyValueStore<String, Long> pendingStore;
  private TimestampedKeyValueStore<String, FileLineage> cache;

  DbtProjectProcessor(
      Flags flags,
      DbtLineage lineage,
      Map<String, String> env,
      ParserMetrics metrics,
      DeadLetters deadLetters,
      int maxDocumentBytes,
      Duration window,
      Duration punctuationInterval,
      String fileChangesTopic,
      String documentsSink,
      String cacheSink,
      String dlqSink) {
    this.flags = flags;
    this.lineage = lineage;
    this.env = Map.copyOf(env);
    this.metrics = metrics;
    this.deadLetters = deadLetters;
    this.maxDocumentBytes = maxDocumentBytes;
    this.windowMs = window.toMillis();
    this.punctuationInterval = punctuationInterval;
    this.fileChangesTopic = fileChangesTopic;
    this.documentsSink = documentsSink;
    this.cacheSink = cacheSink;
    this.dlqSink = dlqSink;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.files = context.getStateStore(StoreNames.DBT_FILES);
    this.pendingStore = context.getStateStore(StoreNames.DBT_PENDING);
    this.cache = context.getStateStore(StoreNames.PARSE_CACHE);
    pending.clear();
    try (KeyValueIterator<String, Long> all = pendingStore.all()) {
      all.forEachRemaining(kv -> pending.put(kv.key, kv.value));
    }
    if (!pending.isEmpty()) {
      LOG.info(
          "task {}: {} dbt projects pending from before the restart",
          context.taskId(),
          pending.size());
    }
    context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::flushDue);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    ChangeEvent event;
    try {
      event = decode(record);
    } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
      RecordMetadata meta = context.recordMetadata().orElse(null);
      Origin origin =
          new Origin(
              meta == null ? null : meta.topic(),
              meta == null ? -1 : meta.partition(),
              meta == null ? -1 : meta.offset(),
              record.timestamp(),
              keyBytes(record.key()),
              record.value());
      LOG.warn(
          "malformed dbt project event at {}-{}@{} sent to the DLQ: {}",
          origin.topic(),
          origin.partition(),
          origin.offset(),
          e.getMessage());
      metrics.failed(DeadLetterReason.MALFORMED).increment();
      context.forward(deadLetters.record(origin, DeadLetterReason.MALFORMED, e), dlqSink);
      return;
    }
    String project = record.key();
    String storeKey = storeKey(project, event.path());
    DbtFile known = files.get(storeKey);
    if (event.kind() == ChangeKind.DELETE) {
      files.delete(storeKey);
      // At once, not with the render: nothing is left to wait for, and a file that left the project
      // for plain SQL gets its new document after its own debounce window, so after this.
      context.forward(
          new Record<String, byte[]>(event.key(), null, record.timestamp()), documentsSink);
      metrics.processed.increment();
    } else {
      if (known != null
          && known.sha256().equals(event.sha256())
          && flags.isEnabled(Flag.DEBOUNCE, project)) {
        metrics.deduplicated.increment();
        return;
      }
      files.put(storeKey, DbtFile.of(event, known == null ? null : known.emitted()));
    }
    changed(project);
  }

  private static ChangeEvent decode(Record<String, byte[]> record) {
    if (record.key() == null || record.value() == null) {
      throw new IllegalArgumentException("dbt project event without a key or value");
    }
    ChangeEvent event = Topics.CHANGE_EVENT_SERDE.fromBytes(record.value());
    if (!record.key().equals(event.dbtProjectKey())) {
      throw new IllegalArgumentException(
          "record key '"
              + record.key()
              + "' is not the event's project '"
              + event.dbtProjectKey()
              + "'");
    }
    return event;
  }

  private static byte[] keyBytes(String key) {
    return key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static String storeKey(String project, String path) {
    return project + SEPARATOR + path;
  }

  private void changed(String project) {
    if (windowMs == 0 || !flags.isEnabled(Flag.DEBOUNCE, project)) {
      if (pending.remove(project) != null) {
        pendingStore.delete(project);
      }
      render(project);
      return;
    }
    long now = context.currentSystemTimeMs();
    if (pending.put(project, now) != null) {
      metrics.deduplicated.increment();
    }
    pendingStore.put(project, now);
  }

  private void flushDue(long nowMs) {
    List<String> due = new ArrayList<>();
    pending.forEach(
        (project, lastSeen) -> {
          if (nowMs - lastSeen >= windowMs) {
            due.add(project);
          }
        });
    for (String project : due) {
      render(project);
      pending.remove(project);
      pendingStore.delete(project);
    }
  }

  /** The project's stored files by path (relative to the watched root), in path order. */
  private Map<String, DbtFile> filesOf(String project) {
    Map<String, DbtFile> out = new LinkedHashMap<>();
    String prefix = project + SEPARATOR;
    try (KeyValueIterator<String, DbtFile> it = files.prefixScan(prefix, PREFIX_SERIALIZER)) {
      while (it.hasNext()) {
        KeyValue<String, DbtFile> kv = it.next();
        out.put(kv.key.substring(prefix.length()), kv.value);
      }
    }
    return out;
  }

  /**
   * Renders the project and emits every document that differs from the one last emitted for its
   * file.
   */
  void render(String project) {
    long started = System.nanoTime();
    Map<String, DbtFile> stored = filesOf(project);
    if (stored.isEmpty()) {
      return;
    }
    int colon = project.indexOf(':');
    String source = project.substring(0, colon);
    String root = project.substring(colon + 1);
    String prefix = ChangeEvent.ROOT_PROJECT.equals(root) ? "" : root + "/";
    Map<String, String> byProjectPath = new LinkedHashMap<>();
    stored.forEach(
        (path, file) -> byProjectPath.put(path.substring(prefix.length()), file.content()));

    Map<String, DbtLineage.ModelLineage> models = Map.of();
    List<String> problems = List.of();
    String failure = null;
    if (!byProjectPath.containsKey(DbtProject.PROJECT_FILE)) {
      failure =
          "not rendered: the project's " + DbtProject.PROJECT_FILE + " has not reached the parser";
    } else {
      try {
        DbtProject dbt = DbtProject.of(byProjectPath, env);
        problems = dbt.problems();
        models = lineage.extract(dbt, env, parseCache(project));
      } catch (RuntimeException | StackOverflowError e) {
        // A bug of rendering (never a template error: those are per model). Every file says so.
        LOG.warn("dbt project {} could not be rendered", project, e);
        failure = "dbt project could not be rendered: " + e;
      }
    }
    int emitted = 0;
    for (Map.Entry<String, DbtFile> e : stored.entrySet()) {
      String path = e.getKey();
      String inProject = path.substring(prefix.length());
      List<StatementLineage> statements = List.of();
      List<StatementError> errors = new ArrayList<>();
      List<StatementError> warnings = List.of();
      DbtLineage.ModelLineage model = models.get(inProject);
      if (failure != null
          && (inProject.endsWith(".sql") || inProject.equals(DbtProject.PROJECT_FILE))) {
        errors.add(new StatementError(0, 1, failure));
      } else if (model != null) {
        statements = model.lineage().statements();
        errors.addAll(model.lineage().errors());
        warnings = model.lineage().warnings();
      } else {
        // Not a model: no lineage of its own; its own YAML problems, if any, are said here.
        for (String problem : problems) {
          if (problem.startsWith(inProject + ":")) {
            errors.add(new StatementError(0, 0, problem));
          }
        }
      }
      if (emit(source, path, root, e.getValue(), statements, errors, warnings)) {
        emitted++;
      }
    }
    metrics.duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    LOG.debug(
        "dbt project {}: {} files rendered, {} documents emitted", project, stored.size(), emitted);
  }

  private DbtLineage.ParseCache parseCache(String project) {
    if (!flags.isEnabled(Flag.PARSE_CACHE, project)) {
      return DbtLineage.ParseCache.none();
    }
    return new DbtParseCache(
        cache,
        metrics,
        maxDocumentBytes,
        context.currentSystemTimeMs(),
        r -> context.forward(r, cacheSink));
  }

  /** Emits the file's document if it differs from the last one; returns whether it did. */
  private boolean emit(
      String source,
      String path,
      String root,
      DbtFile file,
      List<StatementLineage> statements,
      List<StatementError> errors,
      List<StatementError> warnings) {
    String key = source + ":" + path;
    LineageDocument document =
        new LineageDocument(
            LineageDocument.SCHEMA_VERSION,
            key,
            source,
            path,
            file.sha256(),
            DbtLineage.VERSION,
            file.modifiedAt(),
            statements,
            errors,
            warnings);
    // The fingerprint leaves out the modification time: a document is new only if what it says is.
    LineageDocument timeless =
        new LineageDocument(
            LineageDocument.SCHEMA_VERSION,
            key,
            source,
            path,
            file.sha256(),
            DbtLineage.VERSION,
            null,
            statements,
            errors,
            warnings);
    String fingerprint = ContentHash.sha256(Topics.DOCUMENT_SERDE.toBytes(timeless));
    if (fingerprint.equals(file.emitted())) {
      return false;
    }
    byte[] bytes = Topics.DOCUMENT_SERDE.toBytes(document);
    String storeKey = storeKey(source + ":" + root, path);
    if (bytes.length > maxDocumentBytes) {
      LOG.warn(
          "document of {} is {} bytes, over the {} byte limit: sent to the DLQ",
          key,
          bytes.length,
          maxDocumentBytes);
      metrics.failed(DeadLetterReason.TOO_LARGE).increment();
      byte[] value = Topics.CHANGE_EVENT_SERDE.toBytes(file.event(source, path, root));
      Origin origin =
          new Origin(fileChangesTopic, -1, -1, context.currentSystemTimeMs(), keyBytes(key), value);
      context.forward(
          deadLetters.record(
              origin,
              DeadLetterReason.TOO_LARGE,
              new IllegalStateException(
                  "document of "
                      + bytes.length
                      + " bytes exceeds "
                      + maxDocumentBytes
                      + " (raise MAX_FILE_BYTES to let larger records through)")),
          dlqSink);
      // Remembered, so the same too-large document is not dead-lettered on every render.
      files.put(storeKey, file.withEmitted(fingerprint));
      return false;
    }
    context.forward(new Record<>(key, bytes, context.currentSystemTimeMs()), documentsSink);
    files.put(storeKey, file.withEmitted(fingerprint));
    metrics.processed.increment();
    return true;
  }
}
