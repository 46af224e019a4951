package io.github.lineage.sql;

import io.github.lineage.sql.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hive/Spark FROM-first statements, which JSqlParser 5.4 cannot read: {@code FROM src INSERT
 * OVERWRITE TABLE a SELECT … INSERT INTO b SELECT …} (multi-insert) and {@code FROM src SELECT …}.
 * Each branch becomes a statement of its own with the shared FROM clause placed after its select
 * list — exactly what the branch means — so each target gets its own sources and column edges
 * (docs/design.md §4: table edges never cross from one inner statement to another).
 */
final class MultiInsert {

  private static final Set<String> AFTER_SELECT_LIST =
      Set.of(
          "where",
          "group",
          "having",
          "order",
          "limit",
          "cluster",
          "distribute",
          "sort",
          "window",
          "qualify",
          "union");

  private MultiInsert() {}

  /** The branches as statements, or null when {@code sql} is not a FROM-first statement. */
  static List<String> split(String sql) {
    if (!(sql.regionMatches(true, 0, "from", 0, 4)
        && sql.length() > 4
        && !Character.isLetterOrDigit(sql.charAt(4)))) {
      return null;
    }
    List<Token> ts = SqlTokens.of(sql);
    List<Integer> starts = new ArrayList<>();
    for (int k = 1; k < ts.size(); k++) {
      Token t = ts.get(k);
      if (t.depth() == 0 && (t.is("insert") || (starts.isEmpty() && t.is("select")))) {
        starts.add(k);
      }
    }
    if (starts.isEmpty() || starts.get(0) < 2) {
      return null;
    }
    String from = SqlTokens.text(sql, ts, 1, starts.get(0));
    List<String> out = new ArrayList<>();
    for (int b = 0; b < starts.size(); b++) {
      int begin = starts.get(b);
      int end = b + 1 < starts.size() ? starts.get(b + 1) : ts.size();
      int select = -1;
      for (int k = begin; k < end && select < 0; k++) {
        if (ts.get(k).depth() == 0 && ts.get(k).is("select")) {
          select = k;
        }
      }
      if (select < 0) {
        return null;
      }
      int listEnd = end;
      for (int k = select + 1; k < end && listEnd == end; k++) {
        Token t = ts.get(k);
        if (t.depth() == 0
            && t.kind() == SqlTokens.Kind.WORD
            && AFTER_SELECT_LIST.contains(t.lower())) {
          listEnd = k;
        }
      }
      out.add(
          SqlTokens.text(sql, ts, begin, listEnd)
              + " FROM "
              + from
              + (listEnd < end ? " " + SqlTokens.text(sql, ts, listEnd, end) : ""));
    }
    return out;
  }
}
