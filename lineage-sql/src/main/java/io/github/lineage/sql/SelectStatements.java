package io.github.lineage.sql;

import io.github.lineage.core.model.StatementKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * SELECT (sources only), {@code SELECT … INTO t} (a target), and Vertica's partition functions
 * called by a SELECT.
 */
final class SelectStatements {

  private SelectStatements() {}

  static StatementKind read(Select s, Analysis a) {
    Optional<StatementKind> moved = partitionFunction(s, a);
    if (moved.isPresent()) {
      return moved.get();
    }
    List<QueryColumn> outs = a.queries.query(s, Scope.top(), Ctes.NONE);
    PlainSelect ps = s instanceof PlainSelect p ? p : null;
    if (ps == null
        && s instanceof ParenthesedSelect p
        && p.getSelect() instanceof PlainSelect inner) {
      ps = inner;
    }
    if (ps == null
        && s instanceof SetOperationList so
        && !so.getSelects().isEmpty()
        && so.getSelects().get(0) instanceof PlainSelect first) {
      ps = first; // SELECT … INTO t FROM a UNION SELECT … FROM b
    }
    if (ps != null && ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()) {
      for (Table t : ps.getIntoTables()) {
        String target = a.names.table(t);
        a.result.write(target);
        a.result.mapOutputs(target, Optional.empty(), outs);
        a.learn(target, outs);
      }
      return StatementKind.SELECT_INTO;
    }
    return StatementKind.SELECT;
  }

  /**
   * Vertica's partition functions name their tables as string arguments: {@code
   * SWAP_PARTITIONS_BETWEEN_TABLES('staging', min, max, 'target')} (kind EXCHANGE), {@code
   * MOVE_PARTITIONS_TO_TABLE} and {@code COPY_PARTITIONS_TO_TABLE} (kind INSERT): the first feeds
   * the last. Empty for any other SELECT.
   */
  private static Optional<StatementKind> partitionFunction(Select s, Analysis a) {
    if (!(s instanceof PlainSelect ps)
        || ps.getFromItem() != null
        || ps.getSelectItems() == null
        || ps.getSelectItems().size() != 1
        || !(ps.getSelectItems().get(0).getExpression() instanceof Function f)
        || f.getName() == null
        || f.getParameters() == null
        || f.getParameters().size() != 4) {
      return Optional.empty();
    }
    String fn = f.getName().toLowerCase(Locale.ROOT);
    if (!(fn.equals("swap_partitions_between_tables")
        || fn.equals("move_partitions_to_table")
        || fn.equals("copy_partitions_to_table"))) {
      return Optional.empty();
    }
    if (!(f.getParameters().get(0) instanceof StringValue from)
        || !(f.getParameters().get(3) instanceof StringValue to)) {
      return Optional.empty();
    }
    a.result.read(a.names.name(from.getValue()));
    a.result.write(a.names.name(to.getValue()));
    return Optional.of(fn.startsWith("swap") ? StatementKind.EXCHANGE : StatementKind.INSERT);
  }
}
