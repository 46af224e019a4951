package io.github.lineage.bench.corpus;

import java.util.List;

/**
 * A table of the generated warehouse: qualified name, business domain, layer (0 = the DDL-declared
 * base) and columns.
 */
record TableDef(String name, String domain, int layer, List<Column> columns) {
  TableDef {
    columns = List.copyOf(columns);
  }

  List<Column> of(Column.Kind kind) {
    return columns.stream().filter(c -> c.kind() == kind).toList();
  }

  List<String> keyNames() {
    return of(Column.Kind.KEY).stream().map(Column::name).toList();
  }

  boolean sharesKeyWith(TableDef other) {
    return keyNames().stream().anyMatch(other.keyNames()::contains);
  }
}
