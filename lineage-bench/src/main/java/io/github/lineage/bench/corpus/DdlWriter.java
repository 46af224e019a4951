package io.github.lineage.bench.corpus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Writes the base layer: files of {@code CREATE TABLE} statements with full column lists. */
final class DdlWriter {

  /** The text of one DDL file and the tables it declares. */
  record Written(String content, List<TableDef> tables) {}

  private final Random rnd;

  DdlWriter(Random rnd) {
    this.rnd = rnd;
  }

  Written write(String domain, int fileIndex) {
    int tableCount = 1 + Picks.weighted(rnd, 50, 30, 15, 5);
    StringBuilder sql = new StringBuilder();
    sql.append("-- Base tables of the ")
        .append(domain)
        .append(" domain, loaded by the ingestion tool.\n");
    sql.append("-- owner: ").append(Picks.one(rnd, Vocabulary.OWNERS)).append('\n');
    List<TableDef> tables = new ArrayList<>();
    for (int t = 0; t < tableCount; t++) {
      String noun = Picks.one(rnd, Vocabulary.NOUNS.get(0));
      String name =
          String.format("raw.%s_%s_%04d%s", domain, noun, fileIndex, t == 0 ? "" : "_" + t);
      TableDef table = new TableDef(name, domain, 0, columns());
      tables.add(table);
      sql.append('\n');
      appendCreate(sql, table);
      if (rnd.nextInt(4) == 0) {
        String key = table.keyNames().get(0);
        sql.append("\nCREATE INDEX ix_")
            .append(name.replace('.', '_'))
            .append('_')
            .append(key)
            .append(" ON ")
            .append(name)
            .append(" (")
            .append(key)
            .append(", ")
            .append(Vocabulary.DATE_COLUMN)
            .append(");\n");
      }
    }
    return new Written(sql.toString(), tables);
  }

  private void appendCreate(StringBuilder sql, TableDef table) {
    sql.append("CREATE TABLE IF NOT EXISTS ").append(table.name()).append(" (\n");
    List<Column> cols = table.columns();
    for (int i = 0; i < cols.size(); i++) {
      Column c = cols.get(i);
      sql.append("    ").append(c.name()).append(' ').append(c.sqlType());
      if (c.kind() == Column.Kind.KEY
          || c.kind() == Column.Kind.DATE
          || c.kind() == Column.Kind.AUDIT) {
        sql.append(" NOT NULL");
      }
      sql.append(i + 1 < cols.size() ? "," : "");
      if (c.kind() == Column.Kind.MEASURE && rnd.nextInt(6) == 0) {
        sql.append("  -- in ").append(rnd.nextBoolean() ? "local currency" : "USD");
      }
      sql.append('\n');
    }
    sql.append(");\n");
  }

  private List<Column> columns() {
    List<Column> cols = new ArrayList<>();
    for (String key : distinct(Vocabulary.KEYS, 2 + rnd.nextInt(2))) {
      cols.add(Column.key(key));
    }
    cols.add(new Column(Vocabulary.DATE_COLUMN, Column.Kind.DATE, Vocabulary.DATE_COLUMN));
    for (String m : distinct(Vocabulary.MEASURES, 3 + rnd.nextInt(6))) {
      cols.add(Column.measure(m, m));
    }
    for (String a : distinct(Vocabulary.ATTRIBUTES, 2 + rnd.nextInt(3))) {
      cols.add(Column.attribute(a));
    }
    cols.add(new Column(Vocabulary.AUDIT_COLUMN, Column.Kind.AUDIT, Vocabulary.AUDIT_COLUMN));
    return cols;
  }

  private List<String> distinct(List<String> pool, int count) {
    Set<String> chosen = new LinkedHashSet<>();
    while (chosen.size() < Math.min(count, pool.size())) {
      chosen.add(Picks.one(rnd, pool));
    }
    return List.copyOf(chosen);
  }
}
