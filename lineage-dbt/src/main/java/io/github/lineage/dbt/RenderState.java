package io.github.lineage.dbt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What one model's render collects: the config it sets, what it references, warnings and errors.
 * Bound into the template context; dbt's functions ({@link DbtFunctions}) find it there.
 */
final class RenderState {

  static final String CONTEXT_KEY = "__lineage_dbt_state";

  final DbtProject project;
  final String path;
  final String name;

  /** Other models by name: their materialization and relation, once known. */
  final Function<String, Optional<ModelInfo>> models;

  /** When true (the first pass), unknown refs are not errors: only configs are wanted. */
  final boolean discovery;

  final Map<String, Object> config = new LinkedHashMap<>();
  final Set<String> refs = new LinkedHashSet<>();
  final Set<String> sources = new LinkedHashSet<>();
  final List<RenderedModel.Problem> warnings = new ArrayList<>();
  final List<RenderedModel.Problem> errors = new ArrayList<>();
  Relation self;

  /** What a model's references need to know of another model. */
  record ModelInfo(String materialized, Relation relation, boolean enabled) {

    /**
     * Of two models of one name, the enabled one: dbt allows a name twice when all but one are
     * disabled.
     */
    static ModelInfo preferEnabled(ModelInfo a, ModelInfo b) {
      return !a.enabled() && b.enabled() ? b : a;
    }
  }

  RenderState(
      DbtProject project,
      String path,
      Function<String, Optional<ModelInfo>> models,
      boolean discovery) {
    this.project = project;
    this.path = path;
    this.name = DbtProject.baseName(path);
    this.models = models;
    this.discovery = discovery;
    config.putAll(project.folderConfig(path));
  }

  void warn(int line, String message) {
    RenderedModel.Problem p = new RenderedModel.Problem(line, message);
    if (!warnings.contains(p)) {
      warnings.add(p);
    }
  }

  void error(int line, String message) {
    if (!discovery) {
      RenderedModel.Problem p =
          new RenderedModel.Problem(line, path + ":" + Math.max(line, 1) + ": " + message);
      if (!errors.contains(p)) {
        errors.add(p);
      }
    }
  }

  /**
   * {@code enabled=false} (config() or a folder's {@code +enabled}): dbt does not compile the
   * model.
   */
  boolean enabled() {
    return !"false".equalsIgnoreCase(String.valueOf(config.getOrDefault("enabled", true)).strip());
  }

  String materialized() {
    return String.valueOf(config.getOrDefault("materialized", "view"))
        .toLowerCase(java.util.Locale.ROOT);
  }
}
