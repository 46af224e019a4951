package io.github.lineage.dbt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The files of one dbt project (paths relative to the directory holding {@code dbt_project.yml},
 * with forward slashes) and what rendering needs from them: the model, macro and seed paths, the
 * project's {@code vars}, folder configs ({@code +schema}, {@code +materialized}, …), the target
 * from {@code profiles.yml}, and the sources declared in the models' {@code .yml} files. Immutable;
 * built from content so the offline parser and the streaming processor share it.
 */
public final class DbtProject {

  public static final String PROJECT_FILE = "dbt_project.yml";
  public static final String PROFILES_FILE = "profiles.yml";

  /** Target schema when {@code profiles.yml} names none. */
  public static final String TARGET_SCHEMA_ENV = "DBT_TARGET_SCHEMA";

  /** Target schema when neither {@code profiles.yml} nor the environment names one. */
  public static final String DEFAULT_TARGET_SCHEMA = "public";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, String> files;
  private final String name;
  private final List<String> modelPaths;
  private final List<String> macroPaths;
  private final List<String> seedPaths;
  private final List<String> snapshotPaths;
  private final Map<String, Object> vars;
  private final Map<String, Object> modelConfigs;
  private final Map<String, Object> seedConfigs;
  private final Map<String, Object> target;
  private final Map<String, Source> sources;
  private final List<String> problems;
  private final YamlJinja yamlJinja;

  /** A declared source table: {@code source('name', 'table')}. */
  public record Source(String sourceName, String table, Relation relation, String file) {}

  private DbtProject(Map<String, String> files, Map<String, String> env) {
    this.files = Map.copyOf(files);
    this.problems = new ArrayList<>();
    this.yamlJinja = new YamlJinja(env);
    Map<String, Object> project = yaml(PROJECT_FILE);
    this.name = str(project.get("name"), "project");
    this.modelPaths = paths(project.get("model-paths"), project.get("source-paths"), "models");
    this.macroPaths = paths(project.get("macro-paths"), null, "macros");
    this.seedPaths = paths(project.get("seed-paths"), project.get("data-paths"), "seeds");
    this.snapshotPaths = paths(project.get("snapshot-paths"), null, "snapshots");
    this.vars = map(project.get("vars"));
    this.modelConfigs = map(project.get("models"));
    this.seedConfigs = map(project.get("seeds"));
    this.target = target(project, env);
    this.sources = new TreeMap<>();
    for (String f : yamlFilesUnder(modelPaths)) {
      readSources(f);
    }
  }

  /**
   * A project from its files; {@code env} supplies {@code DBT_TARGET_SCHEMA} and {@code env_var}.
   */
  public static DbtProject of(Map<String, String> files, Map<String, String> env) {
    if (!files.containsKey(PROJECT_FILE)) {
      throw new IllegalArgumentException("not a dbt project: no " + PROJECT_FILE);
    }
    return new DbtProject(files, env);
  }

  public String name() {
    return name;
  }

  public Map<String, String> files() {
    return files;
  }

  public Map<String, Object> vars() {
    return vars;
  }

  public Map<String, Object> target() {
    return target;
  }

  public String targetSchema() {
    return String.valueOf(target.get("schema"));
  }

  public String targetDatabase() {
    return str(target.get("database"), "");
  }

  public Map<String, Source> sources() {
    return sources;
  }

  /** Problems with the project's own files (bad YAML, …), reported on every model. */
  public List<String> problems() {
    return problems;
  }

  /** Model files ({@code .sql} under the model paths), sorted. */
  public List<String> models() {
    return under(modelPaths, ".sql");
  }

  /** Snapshot files ({@code .sql} under the snapshot paths), sorted. */
  public List<String> snapshots() {
    return under(snapshotPaths, ".sql");
  }

  /** Macro files ({@code .sql} under the macro paths), sorted. */
  public List<String> macros() {
    return under(macroPaths, ".sql");
  }

  /** Seed files ({@code .csv} under the seed paths), sorted. */
  public List<String> seeds() {
    return under(seedPaths, ".csv");
  }

  public boolean isModel(String path) {
    return path.endsWith(".sql") && (inside(modelPaths, path) || inside(snapshotPaths, path));
  }

  public boolean isMacro(String path) {
    return path.endsWith(".sql") && inside(macroPaths, path);
  }

  public boolean isSeed(String path) {
    return path.endsWith(".csv") && inside(seedPaths, path);
  }

  /** A {@code .yml} under the model paths: where sources and model properties are declared. */
  public boolean isModelYaml(String path) {
    return (path.endsWith(".yml") || path.endsWith(".yaml")) && inside(modelPaths, path);
  }

  /** Whether rendering can depend on this project file (the streaming path keeps exactly these). */
  public static boolean isProjectFile(String path) {
    return path.endsWith(".yml")
        || path.endsWith(".yaml")
        || path.endsWith(".sql")
        || path.endsWith(".csv");
  }

  /**
   * The folder config of a model or seed file: the {@code +key} (or plain {@code key}) values of
   * the {@code models:}/{@code seeds:} tree of {@code dbt_project.yml} along its folders, the
   * nearest winning.
   */
  public Map<String, Object> folderConfig(String path) {
    boolean seed = isSeed(path);
    Map<String, Object> root = seed ? seedConfigs : modelConfigs;
    List<String> roots =
        seed ? seedPaths : (inside(snapshotPaths, path) ? snapshotPaths : modelPaths);
    String rel = path;
    for (String r : roots) {
      if (path.startsWith(r + "/")) {
        rel = path.substring(r.length() + 1);
        break;
      }
    }
    String[] parts = rel.split("/");
    Map<String, Object> out = new LinkedHashMap<>();
    collect(root, out);
    Map<String, Object> node = map(root.get(name));
    collect(node, out);
    for (int i = 0; i < parts.length - 1 && !node.isEmpty(); i++) {
      node = map(node.get(parts[i]));
      collect(node, out);
    }
    return out;
  }

  private static void collect(Map<String, Object> node, Map<String, Object> out) {
    node.forEach(
        (k, v) -> {
          if (k.startsWith("+")) {
            out.put(k.substring(1), v);
          } else if (!(v instanceof Map)) {
            out.put(k, v);
          }
        });
  }

  private Map<String, Object> target(Map<String, Object> project, Map<String, String> env) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", "dev");
    t.put("type", "postgres");
    t.put("schema", null);
    t.put("database", "");
    t.put("threads", 1);
    if (files.containsKey(PROFILES_FILE)) {
      Map<String, Object> profiles = yaml(PROFILES_FILE);
      Map<String, Object> profile = map(profiles.get(str(project.get("profile"), name)));
      // dbt renders profile values with env_var (its docs set profiles up that way); the password
      // is never read.
      String targetName =
          str(yamlJinja.render(profile.get("target"), null, null, PROFILES_FILE, problems), "dev");
      Map<String, Object> output =
          new LinkedHashMap<>(map(map(profile.get("outputs")).get(targetName)));
      output.remove("password");
      output.replaceAll((k, v) -> yamlJinja.render(v, null, null, PROFILES_FILE, problems));
      t.putAll(output);
      t.put("name", targetName);
      if (output.containsKey("dataset") && !output.containsKey("schema")) {
        t.put("schema", output.get("dataset"));
      }
      if (output.containsKey("project") && !output.containsKey("database")) {
        t.put("database", output.get("project"));
      }
      if (output.containsKey("dbname") && !output.containsKey("database")) {
        t.put("database", output.get("dbname"));
      }
      t.remove("password");
    }
    if (t.get("schema") == null) {
      t.put("schema", env.getOrDefault(TARGET_SCHEMA_ENV, DEFAULT_TARGET_SCHEMA));
    }
    if (t.get("database") == null) {
      t.put("database", "");
    }
    return t;
  }

  private void readSources(String file) {
    Map<String, Object> doc = yaml(file);
    if (!(doc.get("sources") instanceof List<?> list)) {
      return;
    }
    for (Object o : list) {
      Map<String, Object> src = map(o);
      String sourceName = str(src.get("name"), null);
      if (sourceName == null) {
        problems.add(file + ": a source without a name");
        continue;
      }
      // dbt renders a source's database, schema and identifier (env_var, var, target).
      String schema = str(render(src.get("schema"), file), sourceName);
      String database =
          str(render(src.get("database"), file), str(render(src.get("project"), file), ""));
      if (database.equalsIgnoreCase(targetDatabase())) {
        database = "";
      }
      if (src.get("tables") instanceof List<?> tables) {
        for (Object to : tables) {
          Map<String, Object> table = map(to);
          String tname = str(table.get("name"), null);
          if (tname == null) {
            continue;
          }
          String identifier = str(render(table.get("identifier"), file), tname);
          sources.put(
              sourceName + "." + tname,
              new Source(sourceName, tname, new Relation(database, schema, identifier), file));
        }
      }
    }
  }

  private Object render(Object value, String file) {
    return yamlJinja.render(value, scopedVars(), target, file, problems);
  }

  /**
   * The vars a template of this project sees: the global ones, then those under the project's name.
   */
  Map<String, Object> scopedVars() {
    Map<String, Object> out = new LinkedHashMap<>(vars);
    out.putAll(map(vars.get(name)));
    return out;
  }

  private Map<String, Object> yaml(String file) {
    String text = files.get(file);
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      Object o = YAML.readValue(text, Object.class);
      return map(o);
    } catch (Exception e) {
      problems.add(file + ": not valid YAML: " + firstLine(e.getMessage()));
      return Map.of();
    }
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private List<String> yamlFilesUnder(List<String> roots) {
    List<String> out = new ArrayList<>(under(roots, ".yml"));
    out.addAll(under(roots, ".yaml"));
    out.sort(null);
    return out;
  }

  private List<String> under(List<String> roots, String suffix) {
    return files.keySet().stream()
        .filter(f -> f.endsWith(suffix) && inside(roots, f))
        .sorted()
        .toList();
  }

  private static boolean inside(List<String> roots, String path) {
    for (String r : roots) {
      if (r.isEmpty() || r.equals(".") || path.startsWith(r + "/")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> paths(Object value, Object legacy, String def) {
    Object v = value != null ? value : legacy;
    if (v instanceof List<?> l && !l.isEmpty()) {
      return l.stream().map(o -> trimSlashes(String.valueOf(o))).toList();
    }
    if (v instanceof String s) {
      return List.of(trimSlashes(s));
    }
    return List.of(def);
  }

  private static String trimSlashes(String s) {
    String t = s.replace('\\', '/');
    while (t.startsWith("./")) {
      t = t.substring(2);
    }
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static String str(Object o, String def) {
    return o == null ? def : String.valueOf(o);
  }

  /** The model name of a file: its base name without {@code .sql}. */
  public static String baseName(String path) {
    String n = path.substring(path.lastIndexOf('/') + 1);
    int dot = n.lastIndexOf('.');
    return (dot > 0 ? n.substring(0, dot) : n);
  }

  /** The CSV header of a seed, lower-cased and trimmed. */
  public List<String> seedColumns(String path) {
    String text = Objects.requireNonNullElse(files.get(path), "");
    int nl = text.indexOf('\n');
    String header = (nl < 0 ? text : text.substring(0, nl)).strip();
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    List<String> cols = new ArrayList<>();
    for (String c : header.split(",", -1)) {
      String t = c.strip();
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      if (!t.isEmpty()) {
        cols.add(t.toLowerCase(Locale.ROOT));
      }
    }
    return cols;
  }
}
