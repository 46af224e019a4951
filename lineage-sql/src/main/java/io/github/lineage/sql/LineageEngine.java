package io.github.lineage.sql;

import io.github.lineage.core.model.ContentHash;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.StatementError;
import io.github.lineage.core.model.StatementKind;
import io.github.lineage.core.model.StatementLineage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSqlParser lineage engine (docs/design.md §4). Splits a file into statements, parses each
 * under a time bound on one shared pool, and extracts table and column lineage; a statement that
 * cannot be parsed or analysed becomes an error entry and the others still yield lineage.
 * Thread-safe: one instance serves every caller; per-file state lives in the call.
 */
public final class LineageEngine implements LineageExtractor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LineageEngine.class);

  /** Bump whenever extraction output changes: it keys the parse cache. */
  // 6: documents carry the columns of the tables a file defines (FileLineage.defines), so a cached
  // result of 5 must not be served; Oracle INSERT ALL's INTO without VALUES parses.
  public static final String VERSION = "lineage-sql/6+jsqlparser-5.4";

  // Parser threads get a large stack: the generated parser recurses once per nesting level.
  private static final long PARSER_STACK_BYTES = 16L * 1024 * 1024;

  private final EngineOptions options;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final StatementSplitter splitter;
  private final BoundedParser parser;
  private final Names names;

  public LineageEngine(EngineOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.ownsExecutor = options.executor() == null;
    this.executor = ownsExecutor ? newParserPool() : options.executor();
    this.splitter = StatementSplitter.forDialect(options.dialect());
    this.parser =
        new BoundedParser(executor, options.dialect(), options.statementTimeout().toNanos());
    this.names =
        new Names(
            options.dialect().map(Dialect::quotedCaseSensitive).orElse(false),
            options.dialect().map(d -> d == Dialect.SNOWFLAKE).orElse(false));
  }

  public static LineageEngine defaults() {
    return new LineageEngine(EngineOptions.defaults());
  }

  /**
   * A cached pool: threads are reused across statements and files (never one per call); a thread
   * stuck in a pathological parse past its bound does not block the others.
   */
  private static ExecutorService newParserPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t =
              new Thread(null, r, "lineage-parse-" + n.incrementAndGet(), PARSER_STACK_BYTES);
          t.setDaemon(true);
          return t;
        };
    return new ThreadPoolExecutor(
        0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), tf);
  }

  public EngineOptions options() {
    return options;
  }

  @Override
  public String version() {
    return VERSION;
  }

  /** Lineage of {@code content}, with a catalog of that file's own DDL. */
  @Override
  public FileLineage extract(String path, String content) {
    return extract(path, content, Catalog.empty());
  }

  /**
   * Lineage of {@code content}; {@code catalog} (e.g. the corpus-wide one of {@link CorpusParse})
   * supplies columns of tables defined elsewhere. The file's own DDL is added to a copy as its
   * statements are read.
   */
  public FileLineage extract(String path, String content, Catalog catalog) {
    return extract(path, content, catalog.toBuilder());
  }

  /**
   * Lineage of {@code content}, adding the tables its statements define (CREATE TABLE/VIEW … AS
   * included) to {@code local}: for callers that extract files in dependency order, such as the dbt
   * renderer, so a later {@code SELECT *} expands with an earlier file's columns.
   */
  public FileLineage extract(String path, String content, Catalog.Builder local) {
    return extract(path, content, local, this::parse);
  }

  /**
   * Lineage of {@code content} with the corpus {@code catalog}, taking the trees of statements that
   * {@link #learnDdl(String, Catalog.Builder, ParseMemo)} already parsed from {@code memo} instead
   * of parsing them again: the same result as {@link #extract(String, String, Catalog)}.
   */
  FileLineage extract(String path, String content, Catalog catalog, ParseMemo memo) {
    return extract(path, content, catalog.toBuilder(), (t, d) -> memo.take(t, x -> parse(x, d)));
  }

  private FileLineage extract(String path, String content, Catalog.Builder local, Parse parse) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    String sha = ContentHash.sha256(content);
    List<StatementLineage> statements = new ArrayList<>();
    List<StatementError> errors = new ArrayList<>();
    StatementHandler handler = new StatementHandler(names, local);
    for (SqlChunk chunk : splitter.split(content)) {
      local.recording(isDdl(chunk));
      collect(analyse(chunk, handler, parse), statements, errors);
    }
    local.recording(true);
    if (!errors.isEmpty()) {
      LOG.debug("{}: {} statements, {} errors", path, statements.size(), errors.size());
    }
    return new FileLineage(path, sha, statements, errors, List.of(), local.added());
  }

  /** Adds the tables defined by the CREATE statements of {@code content} to {@code catalog}. */
  public void learnDdl(String content, Catalog.Builder catalog) {
    learnDdl(content, catalog, this::parse);
  }

  /**
   * {@link #learnDdl(String, Catalog.Builder)}, keeping the parsed statements in {@code memo} for
   * the lineage pass ({@link #extract(String, String, Catalog, ParseMemo)}).
   */
  void learnDdl(String content, Catalog.Builder catalog, ParseMemo memo) {
    learnDdl(content, catalog, (t, d) -> memo.keep(t, x -> parse(x, d)));
  }

  /**
   * Parses the CREATE statements of {@code content} into {@code memo} and nothing else: the part of
   * {@link #learnDdl(String, Catalog.Builder, ParseMemo)} that does not depend on other files, so
   * that callers can run it for many files at once and then learn in file order. Thread-safe.
   */
  void parseDdl(String content, ParseMemo memo) {
    for (SqlChunk chunk : splitter.split(content)) {
      String text = chunk.text();
      if (isDdl(chunk)
          && text.length() <= options.maxStatementChars()
          && chunk.maxDepth() <= options.maxNestingDepth()
          && Preprocessor.routineBody(text) == null
          && MultiInsert.split(text) == null
          && StorageStatements.plan(text) == null) {
        memo.keep(text, x -> parse(x, chunk.maxDepth()));
      }
    }
  }

  private void learnDdl(String content, Catalog.Builder catalog, Parse parse) {
    StatementHandler handler = new StatementHandler(names, catalog);
    for (SqlChunk chunk : splitter.split(content)) {
      if (isDdl(chunk)) {
        analyse(chunk, handler, parse);
      }
    }
  }

  /** How a statement's text becomes a tree: parsed here, or taken from a {@link ParseMemo}. */
  @FunctionalInterface
  private interface Parse {
    BoundedParser.Result parse(String text, int maxDepth);
  }

  /**
   * A chunk whose definitions the corpus catalog learns (and so {@link FileLineage#defines}
   * reports).
   */
  private static boolean isDdl(SqlChunk chunk) {
    return chunk.text().regionMatches(true, 0, "create", 0, 6);
  }

  /** Sorts what {@link #analyse} returned: a statement, an error, or a routine's list of them. */
  private static void collect(
      Object result, List<StatementLineage> statements, List<StatementError> errors) {
    if (result instanceof StatementLineage sl) {
      statements.add(sl);
    } else if (result instanceof StatementError se) {
      errors.add(se);
    } else {
      for (Object inner : (List<?>) result) {
        collect(inner, statements, errors);
      }
    }
  }

  /** A {@link StatementLineage}, a {@link StatementError}, or for a routine a list of them. */
  private Object analyse(SqlChunk chunk, StatementHandler handler, Parse parse) {
    String text = chunk.text();
    if (text.length() > options.maxStatementChars()) {
      return new StatementError(
          chunk.index(),
          chunk.line(),
          "statement too long: "
              + text.length()
              + " characters (limit "
              + options.maxStatementChars()
              + ")");
    }
    if (chunk.maxDepth() > options.maxNestingDepth()) {
      return new StatementError(
          chunk.index(),
          chunk.line(),
          "statement nested too deeply: "
              + chunk.maxDepth()
              + " levels of parentheses (limit "
              + options.maxNestingDepth()
              + ")");
    }
    int[] body = Preprocessor.routineBody(text);
    if (body != null) {
      return routine(chunk, text, body, handler, parse);
    }
    List<String> branches = MultiInsert.split(text);
    if (branches != null) {
      List<Object> results = new ArrayList<>();
      for (String branch : branches) {
        results.add(
            analyse(
                new SqlChunk(chunk.index(), chunk.line(), branch, chunk.maxDepth()),
                handler,
                parse));
      }
      return results;
    }
    StorageStatements.Plan plan = StorageStatements.plan(text);
    if (plan != null) {
      return storage(chunk, plan, handler, parse);
    }
    BoundedParser.Result parsed = parse.parse(text, chunk.maxDepth());
    if (parsed.statement() == null) {
      Optional<StatementKind> utility = Preprocessor.utilityKind(text);
      if (utility.isPresent() && !parsed.error().contains("time bound")) {
        return new StatementLineage(
            chunk.index(), chunk.line(), utility.get().name(), List.of(), List.of(), List.of());
      }
      return new StatementError(chunk.index(), chunk.line(), parsed.error());
    }
    try {
      return handler.handle(chunk.index(), chunk.line(), parsed.statement());
    } catch (StackOverflowError e) {
      return new StatementError(
          chunk.index(), chunk.line(), "statement too deeply nested to analyse");
    } catch (RuntimeException e) {
      LOG.debug("cannot analyse statement {} at line {}", chunk.index(), chunk.line(), e);
      return new StatementError(
          chunk.index(),
          chunk.line(),
          "cannot analyse: " + BoundedParser.oneLine(String.valueOf(e)));
    }
  }

  /**
   * Parses a statement after the cheap {@link Preprocessor} rewrites; one that still fails gets the
   * {@link Repairs} (constructs JSqlParser rejects, rewritten to forms it reads) and a second
   * parse.
   */
  private BoundedParser.Result parse(String text, int maxDepth) {
    String pre = Preprocessor.apply(text);
    BoundedParser.Result parsed = parser.parse(pre, maxDepth);
    if (parsed.statement() == null && !parsed.error().contains("time bound")) {
      String repaired = Repairs.apply(pre);
      if (repaired != null) {
        BoundedParser.Result again = parser.parse(repaired, maxDepth);
        if (again.statement() != null) {
          return again;
        }
      }
    }
    return parsed;
  }

  /**
   * A statement between a table or query and storage ({@link StorageStatements}): its tables as it
   * names them, plus the tables its query reads; paths and stages are left out (docs/design.md §4).
   */
  private Object storage(
      SqlChunk chunk, StorageStatements.Plan plan, StatementHandler handler, Parse parse) {
    List<String> sources = new ArrayList<>();
    plan.sources().forEach(s -> sources.add(names.name(s)));
    if (plan.query() != null) {
      BoundedParser.Result q = parse.parse(plan.query(), chunk.maxDepth());
      if (q.statement() == null) {
        return new StatementError(chunk.index(), chunk.line(), q.error());
      }
      try {
        sources.addAll(handler.handle(chunk.index(), chunk.line(), q.statement()).sources());
      } catch (RuntimeException | StackOverflowError e) {
        return new StatementError(
            chunk.index(),
            chunk.line(),
            "cannot analyse: " + BoundedParser.oneLine(String.valueOf(e)));
      }
    }
    List<String> targets = plan.targets().stream().map(names::name).toList();
    return new StatementLineage(
        chunk.index(),
        chunk.line(),
        plan.kind().name(),
        List.copyOf(new java.util.LinkedHashSet<>(sources)),
        targets,
        List.of());
  }

  /**
   * A stored procedure or function with a BEGIN … END body: JSqlParser keeps such bodies as raw
   * text, so the body's statements are split and analysed here, each reported as a statement of its
   * own (with the routine's index and its own line), so that table edges never cross from one inner
   * statement to another (docs/design.md §4, compound bodies). A bad body statement is an error
   * entry at its own line; the good ones still count.
   */
  private List<Object> routine(
      SqlChunk chunk, String text, int[] body, StatementHandler handler, Parse parse) {
    String inner = text.substring(body[0], body[1]);
    int lineOffset = 0;
    for (int k = 0; k < body[0]; k++) {
      char c = text.charAt(k);
      if (c == '\n' || (c == '\r' && (k + 1 >= text.length() || text.charAt(k + 1) != '\n'))) {
        lineOffset++;
      }
    }
    List<Object> results = new ArrayList<>();
    for (SqlChunk c : splitter.split(inner)) {
      String statement = Preprocessor.stripControlFlow(c.text());
      if (statement.isEmpty()) {
        continue;
      }
      int line = chunk.line() + lineOffset + c.line() - 1;
      results.add(
          analyse(new SqlChunk(chunk.index(), line, statement, c.maxDepth()), handler, parse));
    }
    if (results.isEmpty()) {
      results.add(
          new StatementLineage(
              chunk.index(),
              chunk.line(),
              StatementKind.OTHER.name(),
              List.of(),
              List.of(),
              List.of()));
    }
    return results;
  }

  /** Shuts down the parser pool if this engine created it; a caller-supplied pool is left alone. */
  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }
}
