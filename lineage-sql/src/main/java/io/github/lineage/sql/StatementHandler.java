package io.github.lineage.sql;

import io.github.lineage.core.model.StatementKind;
import io.github.lineage.core.model.StatementLineage;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Turns one parsed statement into its {@link StatementLineage} (docs/design.md §4): kind, sources,
 * targets and column edges. {@link #read} is the one place where a JSqlParser statement type meets
 * the class of its family that reads it (docs/design.md §4b, how to add a construct). DDL is
 * learned into the file's catalog as it goes, so a later {@code SELECT *} of the same file expands.
 */
final class StatementHandler {

  private final Names names;
  private final Catalog.Builder catalog;

  StatementHandler(Names names, Catalog.Builder catalog) {
    this.names = names;
    this.catalog = catalog;
  }

  StatementLineage handle(int index, int line, Statement st) {
    Analysis a = new Analysis(names, catalog);
    StatementKind kind = read(st, a);
    return a.result.toLineage(index, line, kind);
  }

  /**
   * Reads {@code st} into {@code a.result}; its kind. Order matters where JSqlParser's types extend
   * each other.
   */
  private static StatementKind read(Statement st, Analysis a) {
    if (st instanceof Select s) {
      return SelectStatements.read(s, a);
    } else if (st instanceof Insert ins) {
      return InsertStatements.insert(ins, a);
    } else if (st instanceof Upsert up) {
      return InsertStatements.upsert(up, a);
    } else if (st instanceof CreateTable ct) {
      return CreateStatements.table(ct, a);
    } else if (st instanceof CreateView cv) {
      return CreateStatements.view(cv, a);
    } else if (st instanceof AlterView av) {
      return CreateStatements.view(av, a);
    } else if (st instanceof Merge m) {
      return MergeStatements.read(m, a);
    } else if (st instanceof Update u) {
      return UpdateStatements.read(u, a);
    } else if (st instanceof Delete d) {
      return DeleteStatements.delete(d, a);
    } else if (st instanceof Truncate t) {
      return DeleteStatements.truncate(t, a);
    } else if (st instanceof Drop) {
      return StatementKind.DROP;
    } else if (st instanceof Alter al) {
      return AlterStatements.read(al, a);
    }
    return StatementKind.OTHER;
  }
}
