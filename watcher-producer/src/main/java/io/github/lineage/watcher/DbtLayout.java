package io.github.lineage.watcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.lineage.core.model.ChangeEvent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a dbt project keeps what rendering its models depends on (docs/dbt.md, "Streaming"): the
 * folders {@code dbt_project.yml} names ({@code model-paths}, {@code macro-paths}, {@code
 * seed-paths}, {@code snapshot-paths}, dbt's defaults when absent) and the files there the watcher
 * publishes besides the glob's: {@code dbt_project.yml}, {@code profiles.yml} beside it, the {@code
 * .yml} files of the model, seed and snapshot paths, models, macros and snapshots ({@code .sql})
 * and seeds ({@code .csv}, their first line only).
 *
 * @param root the project's directory relative to the watched root ({@link
 *     ChangeEvent#ROOT_PROJECT} for the root)
 */
record DbtLayout(
    String root,
    List<String> modelPaths,
    List<String> macroPaths,
    List<String> seedPaths,
    List<String> snapshotPaths) {

  static final String PROJECT_FILE = "dbt_project.yml";
  static final String PROFILES_FILE = "profiles.yml";

  /** Directories dbt writes or vendors into: never inputs of this project's rendering. */
  private static final Set<String> SKIPPED_DIRS =
      Set.of("target", "dbt_packages", "dbt_modules", "logs");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** What a file of the project is to rendering. */
  enum Role {
    /** Read by rendering; not SQL of its own, or a model: published whatever the glob. */
    INPUT,
    /** A seed: published as its first line. */
    SEED,
    /** Nothing rendering reads: published only if the glob takes it. */
    NONE
  }

  /**
   * The layout {@code projectYaml} describes; dbt's defaults for what it does not say or cannot be
   * read.
   */
  static DbtLayout parse(String root, String projectYaml) {
    Map<?, ?> project = Map.of();
    try {
      Object doc =
          projectYaml == null || projectYaml.isBlank()
              ? null
              : YAML.readValue(projectYaml, Object.class);
      if (doc instanceof Map<?, ?> m) {
        project = m;
      }
    } catch (Exception e) {
      // The parser reports the bad YAML on every model; the watcher only needs folders.
    }
    return new DbtLayout(
        root,
        paths(project.get("model-paths"), project.get("source-paths"), "models"),
        paths(project.get("macro-paths"), null, "macros"),
        paths(project.get("seed-paths"), project.get("data-paths"), "seeds"),
        paths(project.get("snapshot-paths"), null, "snapshots"));
  }

  /** The path of {@code rel} (relative to the watched root) inside this project. */
  String inProject(String rel) {
    return ChangeEvent.ROOT_PROJECT.equals(root) ? rel : rel.substring(root.length() + 1);
  }

  /** What {@code rel} (relative to the watched root, inside this project) is to rendering. */
  Role role(String rel) {
    String path = inProject(rel);
    if (path.equals(PROJECT_FILE) || path.equals(PROFILES_FILE)) {
      return Role.INPUT;
    }
    for (String segment : path.split("/")) {
      if (SKIPPED_DIRS.contains(segment)) {
        return Role.NONE;
      }
    }
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".yml") || lower.endsWith(".yaml")) {
      return inside(modelPaths, path) || inside(seedPaths, path) || inside(snapshotPaths, path)
          ? Role.INPUT
          : Role.NONE;
    }
    if (lower.endsWith(".sql")) {
      return inside(modelPaths, path) || inside(macroPaths, path) || inside(snapshotPaths, path)
          ? Role.INPUT
          : Role.NONE;
    }
    if (lower.endsWith(".csv")) {
      return inside(seedPaths, path) ? Role.SEED : Role.NONE;
    }
    return Role.NONE;
  }

  private static boolean inside(List<String> roots, String path) {
    for (String r : roots) {
      if (r.isEmpty() || r.equals(".") || path.startsWith(r + "/")) {
        return true;
      }
    }
    return false;
  }

  /** As dbt reads a paths setting: a list, a single string, the legacy name, else the default. */
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
}
