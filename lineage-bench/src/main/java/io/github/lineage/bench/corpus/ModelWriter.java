package io.github.lineage.bench.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Writes one model file: a target table built from tables of lower layers, as CTAS, view, INSERT …
 * SELECT, MERGE or CTAS followed by UPDATE … FROM, with CTEs, joins, aggregates, window functions,
 * comments and the follow-up statements real jobs carry (DELETE, TRUNCATE, CREATE INDEX).
 */
final class ModelWriter {

  enum Kind {
    CTAS,
    VIEW,
    INSERT_WITH_COLUMNS,
    INSERT_WITHOUT_COLUMNS,
    MERGE,
    CTAS_THEN_UPDATE
  }

  /** The text of one model file and the table it writes. */
  record Written(String content, TableDef target) {}

  /** A table or CTE the final SELECT reads, under an alias. */
  private record Relation(String name, String alias, List<Column> columns) {
    List<Column> of(Column.Kind kind) {
      return columns.stream().filter(c -> c.kind() == kind).toList();
    }

    boolean has(String column) {
      return columns.stream().anyMatch(c -> c.name().equals(column));
    }
  }

  /** An output column: the expression text and the column it becomes. */
  private record Item(String expression, Column column) {}

  private static final int MAX_LINES = 300;

  private final Random rnd;

  ModelWriter(Random rnd) {
    this.rnd = rnd;
  }

  Written write(
      String target, String domain, int layer, List<TableDef> sources, Kind kind, int lineBudget) {
    int ctes = Math.max(0, Math.min(12, (lineBudget - 25) / 16));
    Written written;
    do {
      written = attempt(target, domain, layer, sources, kind, lineBudget, ctes);
      ctes -= 2;
    } while (lines(written.content()) > MAX_LINES && ctes >= 0);
    return written;
  }

  private Written attempt(
      String target,
      String domain,
      int layer,
      List<TableDef> sources,
      Kind kind,
      int budget,
      int cteCount) {
    List<String> out = new ArrayList<>();
    header(out, target, domain, layer, sources);

    List<Relation> relations = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      TableDef s = sources.get(i);
      relations.add(new Relation(s.name(), alias(s.name(), i), s.columns()));
    }
    List<String> withLines = new ArrayList<>();
    Map<String, Integer> cteNames = new LinkedHashMap<>();
    for (int i = 0; i < cteCount; i++) {
      int j = i % relations.size();
      relations.set(j, cte(relations.get(j), domain, cteNames, withLines, i == 0));
    }
    boolean aggregate = kind != Kind.VIEW && rnd.nextInt(10) < 4;
    int measureCount = Math.max(2, Math.min(14, 2 + budget / 20));
    List<Item> items = finalItems(relations, aggregate, kind == Kind.VIEW, measureCount);
    List<String> query = new ArrayList<>(withLines);
    finalSelect(query, relations, items, aggregate);
    List<Column> outputColumns = items.stream().map(Item::column).toList();
    TableDef written = new TableDef(target, domain, layer, outputColumns);

    switch (kind) {
      case CTAS, CTAS_THEN_UPDATE -> {
        out.add("CREATE TABLE " + target + " AS");
        out.addAll(query);
        terminate(out);
      }
      case VIEW -> {
        out.add("CREATE OR REPLACE VIEW " + target + " AS");
        out.addAll(query);
        terminate(out);
      }
      case INSERT_WITH_COLUMNS, INSERT_WITHOUT_COLUMNS -> {
        ddl(out, written);
        out.add("");
        if (rnd.nextBoolean()) {
          out.add("TRUNCATE TABLE " + target + ";");
        } else {
          out.add("-- re-runs replace the last week");
          out.add(
              "DELETE FROM "
                  + target
                  + " WHERE "
                  + Vocabulary.DATE_COLUMN
                  + " >= CURRENT_DATE - 7;");
        }
        out.add("");
        if (kind == Kind.INSERT_WITH_COLUMNS) {
          out.add("INSERT INTO " + target + " (");
          out.add(
              "    " + outputColumns.stream().map(Column::name).collect(Collectors.joining(", ")));
          out.add(")");
        } else {
          out.add("-- no column list: the DDL above gives the column order");
          out.add("INSERT INTO " + target);
        }
        out.addAll(query);
        terminate(out);
      }
      case MERGE -> {
        ddl(out, written);
        out.add("");
        merge(out, written, query);
      }
    }
    if (kind == Kind.CTAS_THEN_UPDATE) {
      out.add("");
      update(out, written, sources);
    }
    if (kind != Kind.VIEW) {
      extras(out, written, sources, budget);
    }
    while (out.size() < 10) {
      out.add(0, "--");
    }
    return new Written(String.join("\n", out) + "\n", written);
  }

  // ---------------------------------------------------------------- header and comments

  private void header(
      List<String> out, String target, String domain, int layer, List<TableDef> sources) {
    out.add(
        "-- "
            + target
            + ": "
            + Vocabulary.NOUNS.get(layer).get(0).replace('_', ' ')
            + " "
            + domain
            + " for the "
            + Vocabulary.FOLDERS.get(layer)
            + " layer");
    out.add(
        "-- owner: "
            + Picks.one(rnd, Vocabulary.OWNERS)
            + "; ticket DWH-"
            + (1000 + rnd.nextInt(9000)));
    switch (rnd.nextInt(5)) {
      case 0 ->
          out.add(
              "-- legacy: INSERT INTO legacy."
                  + domain
                  + "_v1 SELECT * FROM old."
                  + domain
                  + "_extract;");
      case 1 -> {
        out.add("/*");
        out.add(
            " * Reads "
                + sources.stream().map(TableDef::name).collect(Collectors.joining(", "))
                + ".");
        out.add(
            " * The previous version joined FROM archive."
                + domain
                + "_2019 as well; that table is gone.");
        out.add(" */");
      }
      default -> {}
    }
  }

  // ---------------------------------------------------------------- CTEs

  private Relation cte(
      Relation base, String domain, Map<String, Integer> names, List<String> out, boolean first) {
    int variant = Picks.weighted(rnd, 35, 30, 15, 20);
    if (variant == 3 && base.of(Column.Kind.MEASURE).isEmpty()) {
      variant = 0;
    }
    String suffix =
        switch (variant) {
          case 0 -> "filtered";
          case 1 -> "agg";
          case 2 -> "latest";
          default -> "trend";
        };
    String stem = domain + "_" + suffix;
    int n = names.merge(stem, 1, Integer::sum);
    String name = n == 1 ? stem : stem + "_" + n;
    out.add(first ? "WITH " + name + " AS (" : name + " AS (");
    if (rnd.nextInt(3) == 0) {
      out.add(
          "    -- "
              + switch (variant) {
                case 0 -> "live rows of the reporting window only";
                case 1 -> "one row per key and day";
                case 2 -> "the feed re-sends corrections; keep the latest load";
                default -> "day-over-day movement";
              });
    }
    List<Column> columns =
        switch (variant) {
          case 0 -> filterCte(base, out);
          case 1 -> aggregateCte(base, out);
          case 2 -> latestCte(base, out);
          default -> trendCte(base, out);
        };
    out.add(")" + ",");
    return new Relation(name, base.alias(), columns);
  }

  private List<Column> filterCte(Relation base, List<String> out) {
    if (base.has(Vocabulary.AUDIT_COLUMN) && rnd.nextInt(5) == 0) {
      out.add("    SELECT *");
    } else {
      out.add("    SELECT");
      selectList(out, base.columns().stream().map(c -> "s." + c.name()).toList(), "        ");
    }
    out.add("    FROM " + base.name() + " s");
    out.add(
        "    WHERE s."
            + Vocabulary.DATE_COLUMN
            + " >= CURRENT_DATE - "
            + (30 * (1 + rnd.nextInt(12))));
    List<Column> attrs = base.of(Column.Kind.ATTRIBUTE);
    if (!attrs.isEmpty()) {
      out.add(
          "      AND s."
              + Picks.one(rnd, attrs).name()
              + " NOT IN ('"
              + Picks.one(rnd, Vocabulary.EXCLUDED_VALUES)
              + "', '"
              + Picks.one(rnd, Vocabulary.EXCLUDED_VALUES)
              + "')");
    }
    return base.columns();
  }

  private List<Column> aggregateCte(Relation base, List<String> out) {
    List<String> group = new ArrayList<>();
    for (Column c : base.columns()) {
      if (c.kind() == Column.Kind.KEY || c.kind() == Column.Kind.DATE) {
        group.add(c.name());
      }
    }
    List<Column> attrs = base.of(Column.Kind.ATTRIBUTE);
    if (!attrs.isEmpty() && rnd.nextBoolean()) {
      group.add(attrs.get(0).name());
    }
    List<Column> columns = new ArrayList<>();
    List<String> exprs = new ArrayList<>();
    for (String g : group) {
      exprs.add("s." + g);
      columns.add(
          base.columns().stream().filter(c -> c.name().equals(g)).findFirst().orElseThrow());
    }
    Map<String, Boolean> used = new LinkedHashMap<>();
    group.forEach(g -> used.put(g, true));
    List<Column> measures = base.of(Column.Kind.MEASURE);
    for (Column m : measures.subList(0, Math.min(6, measures.size()))) {
      String fn = Picks.one(rnd, List.of("SUM", "SUM", "AVG", "MAX"));
      String name =
          uniqueName(m.stem() + "_" + (fn.equals("SUM") ? "total" : fn.toLowerCase()), used);
      exprs.add(fn + "(s." + m.name() + ") AS " + name);
      columns.add(Column.measure(name, m.stem()));
    }
    if (!used.containsKey("row_count")) {
      exprs.add("COUNT(*) AS row_count");
      used.put("row_count", true);
      columns.add(Column.measure("row_count", "row_count"));
    }
    out.add("    SELECT");
    selectList(out, exprs, "        ");
    out.add("    FROM " + base.name() + " s");
    out.add("    GROUP BY " + group.stream().map(g -> "s." + g).collect(Collectors.joining(", ")));
    return columns;
  }

  private List<Column> latestCte(Relation base, List<String> out) {
    String order =
        base.has(Vocabulary.AUDIT_COLUMN) ? Vocabulary.AUDIT_COLUMN : Vocabulary.DATE_COLUMN;
    List<String> partition = new ArrayList<>();
    for (Column c : base.columns()) {
      if (c.kind() == Column.Kind.KEY || c.kind() == Column.Kind.DATE) {
        partition.add("s." + c.name());
      }
    }
    out.add("    SELECT");
    selectList(out, base.columns().stream().map(Column::name).toList(), "        ");
    out.add("    FROM (");
    out.add("        SELECT s.*,");
    out.add(
        "               ROW_NUMBER() OVER (PARTITION BY "
            + String.join(", ", partition)
            + " ORDER BY s."
            + order
            + " DESC) AS rn");
    out.add("        FROM " + base.name() + " s");
    out.add("    ) ranked");
    out.add("    WHERE rn = 1");
    return base.columns();
  }

  private List<Column> trendCte(Relation base, List<String> out) {
    List<String> exprs =
        new ArrayList<>(base.columns().stream().map(c -> "s." + c.name()).toList());
    List<Column> columns = new ArrayList<>(base.columns());
    Map<String, Boolean> used = new LinkedHashMap<>();
    base.columns().forEach(c -> used.put(c.name(), true));
    String key = base.of(Column.Kind.KEY).get(0).name();
    String window = "OVER (PARTITION BY s." + key + " ORDER BY s." + Vocabulary.DATE_COLUMN + ")";
    List<Column> measures = base.of(Column.Kind.MEASURE);
    for (int i = 0; i < Math.min(2, measures.size()); i++) {
      Column m = Picks.one(rnd, measures);
      String name = uniqueName(m.stem() + "_prev", used);
      exprs.add("LAG(s." + m.name() + ") " + window + " AS " + name);
      columns.add(Column.measure(name, m.stem()));
      String change = uniqueName(m.stem() + "_change", used);
      exprs.add("s." + m.name() + " - LAG(s." + m.name() + ") " + window + " AS " + change);
      columns.add(Column.measure(change, m.stem()));
    }
    out.add("    SELECT");
    selectList(out, exprs, "        ");
    out.add("    FROM " + base.name() + " s");
    return columns;
  }

  // ---------------------------------------------------------------- final SELECT

  private List<Item> finalItems(
      List<Relation> relations, boolean aggregate, boolean windows, int measureCount) {
    Relation primary = relations.get(0);
    Map<String, Boolean> used = new LinkedHashMap<>();
    List<Item> items = new ArrayList<>();
    for (Column k : primary.of(Column.Kind.KEY)) {
      items.add(new Item(primary.alias() + "." + k.name(), k));
      used.put(k.name(), true);
    }
    items.add(
        new Item(
            primary.alias() + "." + Vocabulary.DATE_COLUMN,
            new Column(Vocabulary.DATE_COLUMN, Column.Kind.DATE, Vocabulary.DATE_COLUMN)));
    used.put(Vocabulary.DATE_COLUMN, true);
    int attrCount = 0;
    for (Relation r : relations) {
      for (Column a : r.of(Column.Kind.ATTRIBUTE)) {
        if (attrCount < 3 && !used.containsKey(a.name()) && rnd.nextInt(3) > 0) {
          items.add(new Item(r.alias() + "." + a.name(), a));
          used.put(a.name(), true);
          attrCount++;
        }
      }
    }
    List<Relation> withMeasures =
        relations.stream().filter(r -> !r.of(Column.Kind.MEASURE).isEmpty()).toList();
    for (int i = 0; i < measureCount && !withMeasures.isEmpty(); i++) {
      Relation a = Picks.one(rnd, withMeasures);
      Relation b = Picks.one(rnd, withMeasures);
      Column m = Picks.one(rnd, a.of(Column.Kind.MEASURE));
      Column n = Picks.one(rnd, b.of(Column.Kind.MEASURE));
      String am = a.alias() + "." + m.name();
      String bn = b.alias() + "." + n.name();
      List<Column> aAttrs = a.of(Column.Kind.ATTRIBUTE);
      int form = rnd.nextInt(7);
      String expr =
          switch (form) {
            case 0 -> "COALESCE(" + am + ", 0) + COALESCE(" + bn + ", 0)";
            case 1 -> am + " * " + bn;
            case 2 ->
                aAttrs.isEmpty()
                    ? "CASE WHEN " + am + " < 0 THEN 0 ELSE " + am + " END"
                    : "CASE WHEN "
                        + a.alias()
                        + "."
                        + aAttrs.get(0).name()
                        + " = '"
                        + Picks.one(rnd, Vocabulary.EXCLUDED_VALUES)
                        + "' THEN 0 ELSE "
                        + am
                        + " END";
            case 3 -> "ROUND(" + am + " / NULLIF(" + bn + ", 0), 6)";
            case 4 -> "CAST(" + am + " AS NUMERIC(20,4))";
            default -> am;
          };
      String suffix =
          switch (form) {
            case 0 -> "net";
            case 1 -> "gross";
            case 2 -> "adj";
            case 3 -> "ratio";
            case 4 -> "local";
            default -> Picks.one(rnd, Vocabulary.MEASURE_SUFFIXES);
          };
      if (aggregate) {
        expr = "SUM(" + expr + ")";
        suffix = "total";
      }
      String name = uniqueName(m.stem() + "_" + suffix, used);
      items.add(new Item(expr, Column.measure(name, m.stem())));
    }
    if (windows && !withMeasures.isEmpty()) {
      String key = primary.alias() + "." + primary.of(Column.Kind.KEY).get(0).name();
      String date = primary.alias() + "." + Vocabulary.DATE_COLUMN;
      for (int i = 0; i < 1 + rnd.nextInt(3); i++) {
        Relation a = Picks.one(rnd, withMeasures);
        Column m = Picks.one(rnd, a.of(Column.Kind.MEASURE));
        String am = a.alias() + "." + m.name();
        String[] variant =
            switch (rnd.nextInt(4)) {
              case 0 ->
                  new String[] {
                    "SUM("
                        + am
                        + ") OVER (PARTITION BY "
                        + key
                        + " ORDER BY "
                        + date
                        + " ROWS BETWEEN 29 PRECEDING AND CURRENT ROW)",
                    "30d"
                  };
              case 1 ->
                  new String[] {
                    "LAG(" + am + ") OVER (PARTITION BY " + key + " ORDER BY " + date + ")",
                    "prev_day"
                  };
              case 2 ->
                  new String[] {
                    "ROW_NUMBER() OVER (PARTITION BY " + date + " ORDER BY " + am + " DESC)", "rn"
                  };
              default ->
                  new String[] {
                    am + " / NULLIF(SUM(" + am + ") OVER (PARTITION BY " + date + "), 0)", "share"
                  };
            };
        String name = uniqueName(m.stem() + "_" + variant[1], used);
        items.add(new Item(variant[0], Column.measure(name, m.stem())));
      }
    }
    return items;
  }

  private void finalSelect(
      List<String> out, List<Relation> relations, List<Item> items, boolean aggregate) {
    if (!out.isEmpty()) {
      // the last CTE must not end with a comma
      String last = out.get(out.size() - 1);
      out.set(out.size() - 1, last.substring(0, last.length() - 1));
    }
    out.add("SELECT");
    selectList(out, items.stream().map(this::render).toList(), "    ");
    Relation primary = relations.get(0);
    out.add("FROM " + primary.name() + " " + primary.alias());
    for (int i = 1; i < relations.size(); i++) {
      Relation r = relations.get(i);
      List<String> shared =
          r.of(Column.Kind.KEY).stream()
              .map(Column::name)
              .filter(k -> primary.of(Column.Kind.KEY).stream().anyMatch(p -> p.name().equals(k)))
              .toList();
      out.add((rnd.nextBoolean() ? "LEFT JOIN " : "JOIN ") + r.name() + " " + r.alias());
      String on = "  ON ";
      for (String k : shared) {
        out.add(on + r.alias() + "." + k + " = " + primary.alias() + "." + k);
        on = " AND ";
      }
      out.add(
          on
              + r.alias()
              + "."
              + Vocabulary.DATE_COLUMN
              + " = "
              + primary.alias()
              + "."
              + Vocabulary.DATE_COLUMN);
    }
    if (rnd.nextBoolean()) {
      out.add(
          "WHERE "
              + primary.alias()
              + "."
              + Vocabulary.DATE_COLUMN
              + " >= DATE '20"
              + (20 + rnd.nextInt(6))
              + "-0"
              + (1 + rnd.nextInt(9))
              + "-01'");
      List<Column> attrs = primary.of(Column.Kind.ATTRIBUTE);
      if (!attrs.isEmpty() && rnd.nextInt(3) == 0) {
        out.add(
            "  AND "
                + primary.alias()
                + "."
                + attrs.get(0).name()
                + " <> '"
                + Picks.one(rnd, Vocabulary.DECOY_LITERALS)
                + "'");
      }
    }
    if (aggregate) {
      List<String> group =
          items.stream()
              .filter(i -> i.column().kind() != Column.Kind.MEASURE)
              .map(Item::expression)
              .toList();
      out.add("GROUP BY " + String.join(", ", group));
    }
  }

  private String render(Item item) {
    String expr = item.expression();
    String bare = expr.substring(expr.indexOf('.') + 1);
    return bare.equals(item.column().name()) ? expr : expr + " AS " + item.column().name();
  }

  // ---------------------------------------------------------------- DML around the model

  private void ddl(List<String> out, TableDef table) {
    out.add("CREATE TABLE IF NOT EXISTS " + table.name() + " (");
    List<Column> cols = table.columns();
    for (int i = 0; i < cols.size(); i++) {
      out.add(
          "    "
              + cols.get(i).name()
              + " "
              + cols.get(i).sqlType()
              + (i + 1 < cols.size() ? "," : ""));
    }
    out.add(");");
  }

  private void merge(List<String> out, TableDef target, List<String> query) {
    out.add("MERGE INTO " + target.name() + " AS tgt");
    out.add("USING (");
    query.forEach(l -> out.add("    " + l));
    out.add(") AS src");
    List<String> keys =
        target.columns().stream()
            .filter(c -> c.kind() == Column.Kind.KEY || c.kind() == Column.Kind.DATE)
            .map(Column::name)
            .toList();
    out.add(
        "ON ("
            + keys.stream()
                .map(k -> "tgt." + k + " = src." + k)
                .collect(Collectors.joining(" AND "))
            + ")");
    List<String> rest =
        target.columns().stream()
            .filter(c -> c.kind() == Column.Kind.MEASURE || c.kind() == Column.Kind.ATTRIBUTE)
            .map(Column::name)
            .toList();
    if (!rest.isEmpty()) {
      out.add("WHEN MATCHED THEN UPDATE SET");
      for (int i = 0; i < rest.size(); i++) {
        out.add("    " + rest.get(i) + " = src." + rest.get(i) + (i + 1 < rest.size() ? "," : ""));
      }
    }
    List<String> all = target.columns().stream().map(Column::name).toList();
    out.add("WHEN NOT MATCHED THEN INSERT (" + String.join(", ", all) + ")");
    out.add(
        "VALUES (" + all.stream().map(c -> "src." + c).collect(Collectors.joining(", ")) + ");");
  }

  private void update(List<String> out, TableDef target, List<TableDef> sources) {
    List<Column> targetMeasures = target.of(Column.Kind.MEASURE);
    for (TableDef s : sources) {
      List<String> shared = s.keyNames().stream().filter(target.keyNames()::contains).toList();
      List<Column> measures = s.of(Column.Kind.MEASURE);
      if (shared.isEmpty() || measures.isEmpty() || targetMeasures.isEmpty()) {
        continue;
      }
      Column t = Picks.one(rnd, targetMeasures);
      Column m = Picks.one(rnd, measures);
      out.add(
          "-- late corrections from "
              + s.name().substring(0, s.name().indexOf('.'))
              + " override the first load");
      out.add("UPDATE " + target.name() + " t");
      out.add("SET " + t.name() + " = COALESCE(u." + m.name() + ", t." + t.name() + ")");
      out.add("FROM " + s.name() + " u");
      String where = "WHERE ";
      for (String k : shared) {
        out.add(where + "u." + k + " = t." + k);
        where = "  AND ";
      }
      out.add(where + "u." + Vocabulary.DATE_COLUMN + " = t." + Vocabulary.DATE_COLUMN + ";");
      return;
    }
  }

  private void extras(List<String> out, TableDef target, List<TableDef> sources, int budget) {
    int guard = 0;
    while (out.size() < budget - 4 && guard++ < 6) {
      out.add("");
      switch (rnd.nextInt(4)) {
        case 0 -> {
          out.add("-- retention: two years");
          out.add("DELETE FROM " + target.name());
          out.add("WHERE " + Vocabulary.DATE_COLUMN + " < CURRENT_DATE - 730;");
        }
        case 1 -> {
          TableDef s = Picks.one(rnd, sources);
          List<String> shared = s.keyNames().stream().filter(target.keyNames()::contains).toList();
          List<Column> attrs = s.of(Column.Kind.ATTRIBUTE);
          if (shared.isEmpty() || attrs.isEmpty()) {
            out.add("-- nothing to purge for " + s.name());
            continue;
          }
          out.add("DELETE FROM " + target.name());
          out.add("WHERE " + shared.get(0) + " IN (");
          out.add("    SELECT d." + shared.get(0));
          out.add("    FROM " + s.name() + " d");
          out.add("    WHERE d." + attrs.get(0).name() + " = 'CLOSED'");
          out.add(");");
        }
        case 2 -> {
          String key = target.keyNames().get(0);
          out.add(
              "CREATE INDEX ix_"
                  + target.name().replace('.', '_')
                  + "_"
                  + key
                  + "_"
                  + out.size()
                  + " ON "
                  + target.name()
                  + " ("
                  + key
                  + ", "
                  + Vocabulary.DATE_COLUMN
                  + ");");
        }
        default -> update(out, target, sources);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void selectList(List<String> out, List<String> exprs, String indent) {
    for (int i = 0; i < exprs.size(); i++) {
      out.add(indent + exprs.get(i) + (i + 1 < exprs.size() ? "," : ""));
    }
  }

  private static void terminate(List<String> out) {
    out.set(out.size() - 1, out.get(out.size() - 1) + ";");
  }

  private static String uniqueName(String wanted, Map<String, Boolean> used) {
    String name = wanted;
    for (int i = 2; used.containsKey(name); i++) {
      name = wanted + "_" + i;
    }
    used.put(name, true);
    return name;
  }

  /** Initials of the table's name words plus the position, e.g. {@code tc1}: never a keyword. */
  private static String alias(String table, int index) {
    String local = table.substring(table.indexOf('.') + 1);
    StringBuilder initials = new StringBuilder();
    for (String word : local.split("_")) {
      if (!word.isEmpty() && Character.isLetter(word.charAt(0)) && initials.length() < 3) {
        initials.append(word.charAt(0));
      }
    }
    return initials.append(index + 1).toString();
  }

  static int lines(String content) {
    return (int) content.lines().count();
  }
}
