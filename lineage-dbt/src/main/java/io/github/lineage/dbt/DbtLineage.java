package io.github.lineage.dbt;

import io.github.lineage.core.model.ContentHash;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.StatementError;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.sql.Catalog;
import io.github.lineage.sql.LineageEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Table and column lineage of the models of a dbt project: renders every model ({@link
 * DbtRenderer}, twice: once to learn each model's config and relation, once with them known),
 * inlines ephemeral models as {@code __dbt__cte__<name>} CTEs like dbt does, wraps each model in
 * the DDL of its materialization (view → CREATE VIEW, table/incremental/snapshot → CREATE TABLE AS
 * on its relation) and runs the lineage engine in dependency order, so a {@code SELECT *} expands
 * with the columns of seeds (CSV header) and upstream models. A broken model yields its errors and
 * never stops the others.
 */
public final class DbtLineage {

  /** dbt's name for an inlined ephemeral model. */
  public static final String CTE_PREFIX = "__dbt__cte__";

  /** Bump whenever rendering output changes; part of every parse-cache key of a dbt model. */
  public static final String VERSION = LineageEngine.VERSION + "+dbt/2";

  private static final Pattern LEADING_WITH =
      Pattern.compile(
          "\\A(\\s*(?:--[^\\n]*\\n\\s*|/\\*.*?\\*/\\s*)*)with(\\s+recursive)?\\s",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /**
   * dbt style names the last CTE {@code final}, a reserved word of JSqlParser 5.4; quoted, it
   * parses and names the same (quotes are dropped from names). Only a bare word is touched, never
   * {@code x.final} or {@code final_x}.
   */
  private static final Pattern FINAL_WORD = Pattern.compile("(?i)(?<![\\w.\"'])final(?![\\w\"'])");

  private final ModelParser engine;

  public DbtLineage(LineageEngine engine) {
    this(engine::extract);
  }

  /**
   * With another parser of the wrapped statements than the engine itself (one that counts, in
   * tests).
   */
  public DbtLineage(ModelParser parser) {
    this.engine = java.util.Objects.requireNonNull(parser, "parser");
  }

  /**
   * Parses one model's wrapped statement, adding the relation it defines to {@code catalog}: what
   * {@link LineageEngine#extract(String, String, Catalog.Builder)} does.
   */
  @FunctionalInterface
  public interface ModelParser {
    FileLineage extract(String path, String statement, Catalog.Builder catalog);
  }

  /** A model's lineage and the rendered statement it was extracted from. */
  public record ModelLineage(
      String path, RenderedModel model, String statement, FileLineage lineage) {}

  /**
   * Parse results by {@link #cacheKey}: lets a caller skip parsing a model whose render did not
   * change.
   */
  public interface ParseCache {
    Optional<Parsed> get(String key);

    void put(String key, Parsed parsed);

    static ParseCache none() {
      return new ParseCache() {
        @Override
        public Optional<Parsed> get(String key) {
          return Optional.empty();
        }

        @Override
        public void put(String key, Parsed parsed) {}
      };
    }

    static ParseCache inMemory() {
      Map<String, Parsed> m = new HashMap<>();
      return new ParseCache() {
        @Override
        public Optional<Parsed> get(String key) {
          return Optional.ofNullable(m.get(key));
        }

        @Override
        public void put(String key, Parsed parsed) {
          m.put(key, parsed);
        }
      };
    }
  }

  /** What parsing a model's statement gave: its statements, errors, and the relation's columns. */
  public record Parsed(
      List<StatementLineage> statements, List<StatementError> errors, List<String> columns) {}

  /** Lineage of every model and snapshot of {@code project}, keyed by project-relative path. */
  public Map<String, ModelLineage> extract(DbtProject project, Map<String, String> env) {
    return extract(project, env, ParseCache.none());
  }

  public Map<String, ModelLineage> extract(
      DbtProject project, Map<String, String> env, ParseCache cache) {
    DbtRenderer renderer = new DbtRenderer(project, env);
    List<String> files = new ArrayList<>(project.models());
    files.addAll(project.snapshots());

    // Pass 1: each model's own config decides its relation; refs are not resolved yet.
    Map<String, RenderState.ModelInfo> infos = new HashMap<>();
    Catalog.Builder catalog = Catalog.builder();
    for (String seed : project.seeds()) {
      Relation r = renderer.seedRelation(seed);
      infos.put(DbtProject.baseName(seed), new RenderState.ModelInfo("seed", r, true));
      catalog.add(r.qualified(), project.seedColumns(seed));
    }
    for (String f : files) {
      RenderedModel first = renderer.render(f, n -> Optional.empty(), true);
      infos.merge(
          first.name(),
          new RenderState.ModelInfo(first.materialized(), first.relation(), first.enabled()),
          RenderState.ModelInfo::preferEnabled);
    }

    // Pass 2: render with every relation known.
    Map<String, RenderedModel> byName = new LinkedHashMap<>();
    Map<String, RenderedModel> byPath = new LinkedHashMap<>();
    for (String f : files) {
      RenderedModel m = renderer.render(f, n -> Optional.ofNullable(infos.get(n)), false);
      byName.merge(m.name(), m, (a, b) -> !a.enabled() && b.enabled() ? b : a);
      byPath.put(f, m);
    }

    Map<String, ModelLineage> out = new LinkedHashMap<>();
    for (String f : order(byPath, byName)) {
      RenderedModel m = byPath.get(f);
      out.put(f, lineage(project, renderer, m, byName, infos, catalog, cache));
    }
    return out;
  }

  private ModelLineage lineage(
      DbtProject project,
      DbtRenderer renderer,
      RenderedModel m,
      Map<String, RenderedModel> byName,
      Map<String, RenderState.ModelInfo> infos,
      Catalog.Builder catalog,
      ParseCache cache) {
    String sha =
        ContentHash.sha256(
            project.files().getOrDefault(m.path(), "").getBytes(StandardCharsets.UTF_8));
    if (!m.enabled() && m.errors().isEmpty()) {
      // Not compiled by dbt: no statement, and nothing to say about it.
      return new ModelLineage(
          m.path(), m, null, new FileLineage(m.path(), sha, List.of(), List.of()));
    }
    // Warnings leave the lineage whole: problems of the project's own files, and macros that cannot
    // run here.
    List<StatementError> warnings = new ArrayList<>();
    for (String p : project.problems()) {
      warnings.add(new StatementError(0, 0, p));
    }
    for (RenderedModel.Problem p : renderer.macroProblems()) {
      warnings.add(new StatementError(0, 0, p.message()));
    }
    for (RenderedModel.Problem p : m.warnings()) {
      warnings.add(
          new StatementError(
              0, Math.max(p.line(), 1), m.path() + ":" + p.line() + ": " + p.message()));
    }
    List<StatementError> errors = new ArrayList<>();
    Set<String> ephemerals = new LinkedHashSet<>();
    collectEphemerals(m, byName, ephemerals, new LinkedHashSet<>(), errors);
    for (RenderedModel.Problem p : m.errors()) {
      errors.add(new StatementError(0, Math.max(p.line(), 1), p.message()));
    }
    for (String e : ephemerals) {
      RenderedModel inlined = byName.get(e);
      for (RenderedModel.Problem p : inlined.errors()) {
        errors.add(
            new StatementError(
                0, 1, m.path() + ": in ephemeral model '" + e + "': " + p.message()));
      }
      // What the inlined model rendered as a placeholder is in this model's statement too.
      for (RenderedModel.Problem p : inlined.warnings()) {
        warnings.add(
            new StatementError(
                0,
                1,
                m.path()
                    + ": in ephemeral model '"
                    + e
                    + "': "
                    + inlined.path()
                    + ":"
                    + p.line()
                    + ": "
                    + p.message()));
      }
    }
    if (!errors.isEmpty() || m.ephemeral()) {
      return new ModelLineage(
          m.path(), m, null, new FileLineage(m.path(), sha, List.of(), errors, warnings));
    }
    String statement = statement(m, byName, ephemerals);
    String key = cacheKey(statement, catalog, m, byName, infos, ephemerals);
    Parsed parsed = cache.get(key).orElse(null);
    if (parsed == null) {
      // The shared catalog learns the model's columns as its statement is read (no per-model copy).
      FileLineage fl = engine.extract(m.path(), statement, catalog);
      List<String> cols = catalog.columns(m.relation().qualified()).orElse(List.of());
      parsed = new Parsed(fl.statements(), fl.errors(), cols);
      cache.put(key, parsed);
    }
    if (!parsed.columns().isEmpty()) {
      catalog.add(m.relation().qualified(), SnapshotColumns.of(m, parsed.columns()));
    }
    for (StatementError e : parsed.errors()) {
      errors.add(
          new StatementError(e.index(), e.line(), m.path() + ": rendered SQL: " + e.message()));
    }
    return new ModelLineage(
        m.path(),
        m,
        statement,
        new FileLineage(m.path(), sha, parsed.statements(), errors, warnings));
  }

  /**
   * The parse-cache key of a model: what the engine reads (the rendered, wrapped statement) and the
   * known columns of every table it may expand {@code *} from; so a model whose render or upstream
   * columns moved is never served a stale result.
   */
  static String cacheKey(
      String statement,
      Catalog.Builder catalog,
      RenderedModel m,
      Map<String, RenderedModel> byName,
      Map<String, RenderState.ModelInfo> infos,
      Set<String> ephemerals) {
    StringBuilder sb = new StringBuilder(VERSION).append('\n').append(statement);
    java.util.TreeSet<String> refs = new java.util.TreeSet<>(m.refs());
    for (String e : ephemerals) {
      refs.addAll(byName.get(e).refs());
    }
    for (String r : refs) {
      RenderState.ModelInfo info = infos.get(r);
      if (info != null && info.relation() != null) {
        String t = info.relation().qualified();
        sb.append('\n').append(t).append('=').append(catalog.columns(t).orElse(List.of()));
      }
    }
    return ContentHash.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The model as the engine reads it: ephemeral CTEs inlined, wrapped in its materialization's DDL.
   */
  static String statement(
      RenderedModel m, Map<String, RenderedModel> byName, Set<String> ephemerals) {
    String body = strip(m.sql());
    if (!ephemerals.isEmpty()) {
      StringBuilder ctes = new StringBuilder();
      for (String e : ephemerals) {
        if (ctes.length() > 0) {
          ctes.append(",\n");
        }
        ctes.append(CTE_PREFIX)
            .append(e)
            .append(" as (\n")
            .append(strip(byName.get(e).sql()))
            .append("\n)");
      }
      Matcher w = LEADING_WITH.matcher(body);
      if (w.find()) {
        body = body.substring(0, w.end()) + ctes + ",\n" + body.substring(w.end());
      } else {
        body = "with " + ctes + "\n" + body;
      }
    }
    String ddl = "view".equals(m.materialized()) ? "create view " : "create table ";
    return ddl + m.relation() + " as\n" + FINAL_WORD.matcher(body).replaceAll("\"final\"");
  }

  private static String strip(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  /** Ephemeral models {@code m} reads, directly or through other ephemerals, deepest first. */
  private static void collectEphemerals(
      RenderedModel m,
      Map<String, RenderedModel> byName,
      Set<String> out,
      Set<String> visiting,
      List<StatementError> errors) {
    for (String r : m.refs()) {
      RenderedModel dep = byName.get(r);
      if (dep == null || !dep.ephemeral() || out.contains(r)) {
        continue;
      }
      if (!visiting.add(r)) {
        errors.add(
            new StatementError(
                0,
                1,
                m.path()
                    + ": ephemeral models reference each other in a cycle through '"
                    + r
                    + "'"));
        continue;
      }
      collectEphemerals(dep, byName, out, visiting, errors);
      out.add(r);
    }
  }

  /** Model files in dependency order (a model after the models it refs); cycles keep file order. */
  private static List<String> order(
      Map<String, RenderedModel> byPath, Map<String, RenderedModel> byName) {
    List<String> out = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    Set<String> visiting = new LinkedHashSet<>();
    for (String f : byPath.keySet()) {
      visit(byPath.get(f), byName, done, visiting, out);
    }
    for (String f : byPath.keySet()) {
      if (!out.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private static void visit(
      RenderedModel m,
      Map<String, RenderedModel> byName,
      Set<String> done,
      Set<String> visiting,
      List<String> out) {
    if (done.contains(m.path()) || !visiting.add(m.path())) {
      return;
    }
    for (String r : m.refs()) {
      RenderedModel dep = byName.get(r);
      if (dep != null) {
        visit(dep, byName, done, visiting, out);
      }
    }
    done.add(m.path());
    out.add(m.path());
  }
}
