package io.github.lineage.sql;

import io.github.lineage.core.model.StatementKind;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;

/**
 * {@code ALTER TABLE a SWAP WITH b} (Snowflake) and {@code ALTER TABLE a EXCHANGE PARTITION … WITH
 * TABLE b} (Hive, Oracle): a now holds what b held, so b feeds a (kind EXCHANGE, docs/design.md
 * §4); every other ALTER carries no lineage.
 */
final class AlterStatements {

  private static final String SWAP_WITH = "swap with ";

  private AlterStatements() {}

  static StatementKind read(Alter al, Analysis a) {
    if (al.getAlterExpressions() == null || al.getTable() == null) {
      return StatementKind.ALTER;
    }
    for (AlterExpression ae : al.getAlterExpressions()) {
      String with = null;
      if (ae.getOperation() == AlterOperation.EXCHANGE_PARTITION
          && ae.getExchangePartitionTableName() != null) {
        with = ae.getExchangePartitionTableName();
      } else if (ae.getOptionalSpecifier() != null
          && ae.getOptionalSpecifier().regionMatches(true, 0, SWAP_WITH, 0, SWAP_WITH.length())) {
        with = ae.getOptionalSpecifier().substring(SWAP_WITH.length()).strip();
      }
      if (with != null) {
        a.result.read(a.names.name(with));
        a.result.write(a.names.table(al.getTable()));
        return StatementKind.EXCHANGE;
      }
    }
    return StatementKind.ALTER;
  }
}
