package io.github.lineage.dbt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One model after rendering: its file, name, materialization and relation (null for an ephemeral
 * model), the rendered SELECT, what it referenced, the problems found and its resolved config.
 * {@code errors} make the model yield no lineage (dbt would not compile it); {@code warnings} (an
 * unavailable package macro rendered as a placeholder) keep its lineage. A disabled model ({@code
 * enabled=false}) yields nothing.
 */
public record RenderedModel(
    String path,
    String name,
    String materialized,
    Relation relation,
    String sql,
    Set<String> refs,
    Set<String> sources,
    List<Problem> warnings,
    List<Problem> errors,
    Map<String, Object> config) {

  /** A problem at a 1-based line of the model's file (0 when unknown). */
  public record Problem(int line, String message) {}

  public RenderedModel {
    refs = Set.copyOf(refs);
    sources = Set.copyOf(sources);
    warnings = List.copyOf(warnings);
    errors = List.copyOf(errors);
    // Config values may be null (config(schema=none)), which Map.copyOf refuses.
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  public boolean enabled() {
    return !"false".equalsIgnoreCase(String.valueOf(config.getOrDefault("enabled", true)).strip());
  }

  public boolean ephemeral() {
    return "ephemeral".equals(materialized);
  }

  public boolean failed() {
    return !errors.isEmpty();
  }
}
