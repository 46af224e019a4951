package io.github.lineage.dbt;

import java.util.List;
import java.util.Set;

/**
 * One model after rendering: its file, name, materialization and relation (null for an ephemeral
 * model), the rendered SELECT, what it referenced, and the problems found. {@code errors} make the
 * model yield no lineage (dbt would not compile it); {@code warnings} (an unavailable package
 * macro rendered as a placeholder) keep its lineage.
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
    List<Problem> errors) {

  /** A problem at a 1-based line of the model's file (0 when unknown). */
  public record Problem(int line, String message) {}

  public RenderedModel {
    refs = Set.copyOf(refs);
    sources = Set.copyOf(sources);
    warnings = List.copyOf(warnings);
    errors = List.copyOf(errors);
  }

  public boolean ephemeral() {
    return "ephemeral".equals(materialized);
  }

  public boolean failed() {
    return !errors.isEmpty();
  }
}
