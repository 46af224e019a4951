package io.github.lineage.dbt;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the models of one {@link DbtProject} with Jinjava and dbt's context: {@code ref}, {@code
 * source}, {@code config}, {@code var}, {@code env_var}, {@code this}, {@code target}, {@code
 * is_incremental()}, {@code adapter.quote}, the project's own macros (loaded once), and dbt's
 * schema naming ({@code generate_schema_name}, overridable by a project macro). A call into a
 * package that is not vendored renders {@code null} and a warning instead of failing the model. Not
 * thread-safe: one renderer per thread (it is cheap next to parsing).
 */
public final class DbtRenderer {

  /** Placeholder output of a macro that cannot run here; valid in a SELECT list and harmless. */
  static final String PLACEHOLDER = "null";

  private static final Pattern JINJA = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);
  private static final Pattern STRINGS = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern QUALIFIED_CALL =
      Pattern.compile("(?<![.\\w])([A-Za-z_]\\w*)\\.([A-Za-z_]\\w*)\\s*\\(");
  private static final Pattern CALL = Pattern.compile("(?<![.\\w])([A-Za-z_]\\w*)\\s*\\(");
  private static final Pattern MACRO_DEF = Pattern.compile("\\{%-?\\s*macro\\s+(\\w+)");

  /** Names a template may call that are not macros: dbt's functions, Jinja's, keywords. */
  private static final Set<String> KNOWN_CALLS =
      Set.of(
          "ref",
          "source",
          "config",
          "var",
          "env_var",
          "is_incremental",
          "return",
          "log",
          "range",
          "caller",
          "super",
          "loop",
          "namespace",
          "dict",
          "cycler",
          "joiner",
          "lipsum",
          "if",
          "elif",
          "in",
          "and",
          "or",
          "not",
          "is",
          "for",
          "set",
          "macro",
          "call",
          "filter",
          "do",
          "print",
          "with",
          "zip",
          "exceptions",
          "modules");

  private static final Set<String> KNOWN_OBJECTS =
      Set.of(
          "adapter",
          "this",
          "target",
          "loop",
          "modules",
          "exceptions",
          "caller",
          "self",
          "varargs",
          "kwargs");

  /**
   * Config keys that name or build the relation: a folder config may write them as Jinja (dbt
   * renders them).
   */
  private static final List<String> RENDERED_CONFIG =
      List.of(
          "materialized",
          "schema",
          "alias",
          "database",
          "enabled",
          "target_schema",
          "target_database");

  private final DbtProject project;
  private final Map<String, String> env;
  private final Jinjava jinjava;
  private final JinjavaConfig config;
  private final Context macroContext;

  /**
   * Parent of {@link #macroContext}: placeholders and dbt's own macros, which project macros
   * shadow.
   */
  private final Context packages;

  private boolean builtinsLoaded;
  private final Set<String> projectMacros = new LinkedHashSet<>();
  private final List<RenderedModel.Problem> macroProblems;

  public DbtRenderer(DbtProject project, Map<String, String> env) {
    this.project = project;
    this.env = Map.copyOf(env);
    // Jinja (dbt) never renders a value's text again; Jinjava would by default (nested
    // interpretation).
    this.config =
        JinjavaConfig.newBuilder()
            .withFailOnUnknownTokens(false)
            .withNestedInterpretationEnabled(false)
            .withMaxOutputSize(8L << 20)
            .build();
    this.jinjava = new Jinjava(config);
    register(jinjava);
    jinjava.registerTag(new SnapshotTag());
    jinjava.registerTag(new DbtMacroTag());
    this.packages = new Context(jinjava.getGlobalContext());
    this.macroContext = new Context(packages);
    macroContext.put("adapter", new DbtAdapter());
    macroContext.put("target", project.target());
    macroContext.put("execute", false);
    macroContext.put("flags", Map.of("FULL_REFRESH", true, "WHICH", "compile"));
    macroContext.put("project_name", project.name());
    macroContext.put("modules", Map.of());
    packages.put("dbt", new DbtBuiltins.Namespace(macroContext, this::loadBuiltins));
    this.macroProblems = new java.util.ArrayList<>();
    StringBuilder macroText = new StringBuilder();
    Map<String, String> macroFiles = new LinkedHashMap<>();
    for (String f : project.macros()) {
      String text = JinjaText.dropTrailingCommas(project.files().get(f));
      macroFiles.put(f, text);
      macroText.append(text).append('\n');
      Matcher m = MACRO_DEF.matcher(text);
      while (m.find()) {
        projectMacros.add(m.group(1));
      }
    }
    bindPlaceholders(packages, macroText.toString());
    RenderState loading = new RenderState(project, "macros", n -> Optional.empty(), true);
    macroContext.put(RenderState.CONTEXT_KEY, loading);
    macroFiles.forEach((f, text) -> loadMacros(macroContext, f, text));
    macroContext.remove(RenderState.CONTEXT_KEY);
  }

  /**
   * Defines the macros of one file in {@code scope}; a file that does not render is a problem of
   * every model.
   */
  private void loadMacros(Context scope, String file, String text) {
    JinjavaInterpreter interp = new JinjavaInterpreter(jinjava, scope, config);
    try (var current = JinjavaInterpreter.closeablePushCurrent(interp).get()) {
      interp.render(text);
      for (TemplateError e : interp.getErrors()) {
        if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
          macroProblems.add(
              new RenderedModel.Problem(
                  0,
                  file
                      + ":"
                      + e.getLineno()
                      + ": macro file does not render: "
                      + DbtProject.firstLine(e.getMessage())));
        }
      }
    }
  }

  /**
   * dbt's own macros ({@link DbtBuiltins}), defined on first use: parsing them costs a few ms, more
   * than a small project's whole render. Defined in {@link #packages}, so a project macro of the
   * same name, in {@link #macroContext}, wins.
   */
  private void loadBuiltins() {
    if (!builtinsLoaded) {
      builtinsLoaded = true;
      loadMacros(packages, "<dbt built-in macros>", DbtBuiltins.MACROS);
    }
  }

  private static void register(Jinjava j) {
    for (String fn : List.of("ref", "source", "config", "var", "env_var", "log")) {
      j.registerFunction(new ELFunctionDefinition("", fn, DbtFunctions.class, fn, Object[].class));
    }
    j.registerFunction(
        new ELFunctionDefinition("", "is_incremental", DbtFunctions.class, "is_incremental"));
    j.registerFunction(
        new ELFunctionDefinition("", "return", DbtFunctions.class, "dbt_return", Object.class));
  }

  static Map<String, String> env(RenderState st) {
    Object r = JinjavaInterpreter.getCurrent().getContext().get("__lineage_dbt_env");
    @SuppressWarnings("unchecked")
    Map<String, String> m = r instanceof Map<?, ?> ? (Map<String, String>) r : Map.of();
    return m;
  }

  public DbtProject project() {
    return project;
  }

  /** Problems of the macro files, reported on every model (a macro file that does not load). */
  public List<RenderedModel.Problem> macroProblems() {
    return macroProblems;
  }

  /**
   * Renders one model (or snapshot) file. {@code models} answers what is known of other models; in
   * the {@code discovery} pass (configs only) unknown references are not errors.
   */
  public RenderedModel render(
      String path, Function<String, Optional<RenderState.ModelInfo>> models, boolean discovery) {
    String text = JinjaText.dropTrailingCommas(project.files().getOrDefault(path, ""));
    RenderState st = new RenderState(project, path, models, discovery);
    Optional<RenderState.ModelInfo> known = models.apply(st.name);
    st.self =
        known
            .map(RenderState.ModelInfo::relation)
            .filter(r -> r != null)
            .orElse(new Relation("", project.targetSchema(), st.name));
    Context base = new Context(macroContext);
    bindPlaceholders(base, text);
    base.put(RenderState.CONTEXT_KEY, st);
    base.put("__lineage_dbt_env", env);
    base.put("this", st.self);
    base.put("model", Map.of("name", st.name, "path", path, "original_file_path", path));
    JinjavaInterpreter interp = new JinjavaInterpreter(jinjava, new Context(base), config);
    String out;
    try (var current = JinjavaInterpreter.closeablePushCurrent(interp).get()) {
      renderConfigJinja(st, interp);
      out = interp.render(text);
      if (!st.enabled()) {
        // dbt does not compile a disabled model: its refs, sources and vars are never resolved.
        st.errors.clear();
        st.warnings.clear();
      }
      for (TemplateError e : interp.getErrors()) {
        if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
          st.errors.add(
              new RenderedModel.Problem(
                  e.getLineno(),
                  path
                      + ":"
                      + Math.max(e.getLineno(), 1)
                      + ": template error: "
                      + DbtProject.firstLine(e.getMessage())));
        }
      }
      Relation relation = relation(st, interp);
      String materialized = st.materialized();
      return new RenderedModel(
          path,
          st.name,
          materialized,
          "ephemeral".equals(materialized) ? null : relation,
          out,
          st.refs,
          st.sources,
          st.warnings,
          st.errors,
          st.config);
    } catch (RuntimeException e) {
      int line =
          e instanceof com.hubspot.jinjava.interpret.InterpretException ie
              ? Math.max(ie.getLineNumber(), 1)
              : 1;
      st.errors.add(
          new RenderedModel.Problem(
              line,
              path
                  + ":"
                  + line
                  + ": template error: "
                  + DbtProject.firstLine(String.valueOf(e.getMessage()))));
      return new RenderedModel(
          path,
          st.name,
          st.materialized(),
          null,
          "",
          st.refs,
          st.sources,
          st.warnings,
          st.errors,
          st.config);
    }
  }

  /** A seed's relation: named like a model, with the seed's folder config ({@code +schema}). */
  public Relation seedRelation(String path) {
    RenderState st = new RenderState(project, path, n -> Optional.empty(), true);
    Context base = new Context(macroContext);
    base.put(RenderState.CONTEXT_KEY, st);
    base.put("__lineage_dbt_env", env);
    JinjavaInterpreter interp = new JinjavaInterpreter(jinjava, new Context(base), config);
    try (var current = JinjavaInterpreter.closeablePushCurrent(interp).get()) {
      renderConfigJinja(st, interp);
      return relation(st, interp);
    }
  }

  /**
   * Folder configs written as Jinja ({@code +schema: "{{ env_var('S', 'marts') }}"}) rendered in
   * the model's context.
   */
  private static void renderConfigJinja(RenderState st, JinjavaInterpreter interp) {
    for (String key : RENDERED_CONFIG) {
      Object v = st.config.get(key);
      if (YamlJinja.hasJinja(v)) {
        st.config.put(key, interp.render((String) v).strip());
      }
    }
  }

  /** The model's relation: database, schema (dbt's naming) and alias from its resolved config. */
  private Relation relation(RenderState st, JinjavaInterpreter interp) {
    Map<String, Object> c = st.config;
    String alias = c.get("alias") != null ? String.valueOf(c.get("alias")) : st.name;
    if (c.get("snapshot_name") != null && c.get("alias") == null) {
      alias = String.valueOf(c.get("snapshot_name"));
    }
    String database = str(c.get("database"), str(c.get("target_database"), ""));
    if (database.equalsIgnoreCase(project.targetDatabase())) {
      database = "";
    }
    String schema;
    if (c.get("target_schema") != null && "snapshot".equals(st.materialized())) {
      schema = String.valueOf(c.get("target_schema"));
    } else {
      schema =
          schemaName(c.get("schema") == null ? null : String.valueOf(c.get("schema")), st, interp);
    }
    return new Relation(database, schema, alias);
  }

  private String schemaName(String custom, RenderState st, JinjavaInterpreter interp) {
    if (projectMacros.contains("generate_schema_name")) {
      Context ctx = new Context(interp.getContext());
      ctx.put("__lineage_custom_schema", custom);
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("name", st.name);
      node.put("path", st.path);
      node.put("original_file_path", st.path);
      node.put("resource_type", project.isSeed(st.path) ? "seed" : "model");
      node.put("config", new LinkedHashMap<>(st.config));
      node.put("fqn", List.of(project.name(), st.name));
      ctx.put("__lineage_node", node);
      JinjavaInterpreter call = new JinjavaInterpreter(jinjava, ctx, config);
      try (var current = JinjavaInterpreter.closeablePushCurrent(call).get()) {
        String s =
            call.render("{{ generate_schema_name(__lineage_custom_schema, __lineage_node) }}")
                .strip();
        if (!s.isEmpty()) {
          return s;
        }
        st.error(0, "the project's generate_schema_name macro rendered an empty schema");
      }
    }
    return custom == null || custom.isBlank()
        ? project.targetSchema()
        : project.targetSchema() + "_" + custom.strip();
  }

  /**
   * Binds, in {@code ctx}, a placeholder for each package ({@code pkg.macro(…)}) and each bare
   * macro the template calls that neither Jinja, dbt's context nor the project defines. Names the
   * template itself sets or loops over shadow these, since they live in a child scope.
   */
  private void bindPlaceholders(Context ctx, String text) {
    Matcher j = JINJA.matcher(text);
    while (j.find()) {
      String code = STRINGS.matcher(j.group()).replaceAll("''");
      Matcher q = QUALIFIED_CALL.matcher(code);
      while (q.find()) {
        String pkg = q.group(1);
        if (pkg.equals("dbt")) {
          loadBuiltins();
        }
        if (!KNOWN_OBJECTS.contains(pkg)
            && !ctx.containsKey(pkg)
            && macroContext.get(pkg) == null) {
          ctx.put(pkg, new MissingPackage(pkg, macroContext));
        }
      }
      Matcher c = CALL.matcher(code);
      while (c.find()) {
        String name = c.group(1);
        if (DbtBuiltins.NAMES.contains(name)) {
          loadBuiltins();
        }
        if (!KNOWN_CALLS.contains(name.toLowerCase(Locale.ROOT))
            && !projectMacros.contains(name)
            && !DbtBuiltins.NAMES.contains(name)
            && jinjava.getGlobalContext().getFunction(name) == null
            && !text.contains("macro " + name)
            && ctx.getGlobalMacro(name) == null) {
          ctx.addGlobalMacro(new PlaceholderMacro(name, name, macroContext));
        }
      }
    }
  }

  private static String str(Object o, String def) {
    return o == null ? def : String.valueOf(o);
  }

  /** A macro that is not available (a package that is not vendored): a warning and {@code null}. */
  static final class PlaceholderMacro extends MacroFunction {
    private final String display;

    PlaceholderMacro(String name, String display, Context scope) {
      super(List.of(), name, new LinkedHashMap<>(), false, scope, 0, 0);
      this.display = display;
    }

    @Override
    public Object doEvaluate(
        Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
      RenderState st = DbtFunctions.state();
      st.warn(
          DbtFunctions.line(),
          "macro '"
              + display
              + "' is not available (package not vendored?): rendered as "
              + PLACEHOLDER);
      return PLACEHOLDER;
    }
  }

  /** A package namespace whose every macro is a {@link PlaceholderMacro}. */
  static final class MissingPackage extends AbstractMap<String, Object> {
    private final String name;
    private final Context scope;

    MissingPackage(String name, Context scope) {
      this.name = name;
      this.scope = scope;
    }

    @Override
    public Object get(Object key) {
      return new PlaceholderMacro(String.valueOf(key), name + "." + key, scope);
    }

    @Override
    public boolean containsKey(Object key) {
      return true;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return Set.of();
    }

    @Override
    public String toString() {
      return PLACEHOLDER;
    }
  }

  /** {@code {% snapshot name %} … {% endsnapshot %}}: renders its body and names the snapshot. */
  static final class SnapshotTag implements Tag {
    private static final long serialVersionUID = 1L;

    @Override
    public String getName() {
      return "snapshot";
    }

    @Override
    public String getEndTagName() {
      return "endsnapshot";
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
      RenderState st = DbtFunctions.state();
      st.config.put("snapshot_name", tagNode.getHelpers().strip());
      st.config.putIfAbsent("materialized", "snapshot");
      st.config.put("materialized", "snapshot");
      StringBuilder sb = new StringBuilder();
      for (Node child : tagNode.getChildren()) {
        sb.append(child.render(interpreter).getValue());
      }
      return sb.toString();
    }
  }
}
