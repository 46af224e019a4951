package io.github.lineage.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CTE definitions visible at a point of a statement: one level per WITH clause, innermost
 * first, so a CTE of a subquery hides one of the same name further out. A name resolves to a CTE
 * only when it is unqualified (docs/design.md §4: CTE names are never sources; a qualified name is
 * a table).
 */
final class Ctes {

  /** No CTE in sight: a statement without WITH. */
  static final Ctes NONE = new Ctes(null, Map.of());

  private final Ctes parent;
  private final Map<String, List<QueryColumn>> defs;

  private Ctes(Ctes parent, Map<String, List<QueryColumn>> defs) {
    this.parent = parent;
    this.defs = defs;
  }

  /** A new level for the items of one WITH clause, inside this one. */
  Ctes nest() {
    return new Ctes(this, new HashMap<>());
  }

  /** Defines (or, for a recursive CTE's second pass, redefines) {@code name} at this level. */
  void define(String name, List<QueryColumn> columns) {
    defs.put(name, columns);
  }

  /**
   * Takes {@code name} off this level: a WITH item with neither a body nor a column list tells
   * nothing, so the name means what it would mean without it (an outer CTE, else a table).
   */
  void forget(String name) {
    defs.remove(name);
  }

  /** The output columns of the CTE {@code name}, innermost definition first. */
  Optional<List<QueryColumn>> find(String name) {
    for (Ctes c = this; c != null; c = c.parent) {
      List<QueryColumn> d = c.defs.get(name);
      if (d != null) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
