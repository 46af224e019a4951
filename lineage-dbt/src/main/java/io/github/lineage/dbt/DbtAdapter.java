package io.github.lineage.dbt;

import java.util.List;

/**
 * The {@code adapter} object of dbt's context, as far as rendering without a warehouse allows:
 * quoting works; relation and column look-ups answer "nothing known".
 */
public final class DbtAdapter {

  public String quote(Object identifier) {
    return "\"" + String.valueOf(identifier).replace("\"", "\"\"") + "\"";
  }

  public Object get_relation(Object... args) {
    return null;
  }

  public List<Object> get_columns_in_relation(Object relation) {
    return List.of();
  }

  @Override
  public String toString() {
    return "adapter";
  }
}
