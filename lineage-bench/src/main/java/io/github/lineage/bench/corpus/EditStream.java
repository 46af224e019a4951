package io.github.lineage.bench.corpus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulates a team editing a corpus: re-saves, copies under new paths and real content changes,
 * applied to a running state so later edits build on earlier ones.
 */
final class EditStream {

  /** A select-list line passing a qualified column through, e.g. {@code " tc1.account_id,"}. */
  private static final Pattern PASS_THROUGH =
      Pattern.compile("(?m)^(\\s+)([a-z][a-z0-9]*)\\.([a-z_][a-z0-9_]*),$");

  /** A column definition line of a CREATE TABLE. */
  private static final Pattern COLUMN_DEF =
      Pattern.compile(
          "(?m)^(\\s+)[a-z_][a-z0-9_]* (?:NUMERIC|VARCHAR|INTEGER|DATE|CHAR|TIMESTAMP)[^\\n]*,$");

  private static final Pattern JOIN = Pattern.compile("(?m)^(\\s*)(LEFT JOIN|JOIN) ");

  private static final Pattern DATE_WINDOW = Pattern.compile("CURRENT_DATE - (\\d+)");

  private static final List<String> COMMENTS =
      List.of(
          "reviewed with the desk, no logic change",
          "TODO: move the thresholds to a config table",
          "reformatted",
          "owner changed after the reorg",
          "keep in sync with the upstream contract");

  private final Random rnd;
  private final List<String> paths = new ArrayList<>();
  private final Map<String, String> current = new HashMap<>();
  private final Map<String, Integer> contents = new HashMap<>();
  private int editNumber;

  EditStream(List<GeneratedFile> base, Random rnd) {
    this.rnd = rnd;
    for (GeneratedFile f : base) {
      put(f.path(), f.content());
    }
  }

  List<GeneratedFile> edits(int count, double repeatRatio) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0: " + count);
    }
    if (!(repeatRatio >= 0 && repeatRatio <= 1)) {
      throw new IllegalArgumentException("repeatRatio must be within [0, 1]: " + repeatRatio);
    }
    if (count > 0 && paths.isEmpty()) {
      throw new IllegalArgumentException("cannot edit an empty corpus");
    }
    boolean[] repeat = new boolean[count];
    int repeats = (int) Math.round(count * repeatRatio);
    for (int i = 0; i < repeats; i++) {
      repeat[i] = true;
    }
    for (int i = count - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      boolean t = repeat[i];
      repeat[i] = repeat[j];
      repeat[j] = t;
    }
    List<GeneratedFile> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      editNumber++;
      out.add(repeat[i] ? repeat() : change());
    }
    return List.copyOf(out);
  }

  private GeneratedFile repeat() {
    String path = Picks.one(rnd, paths);
    String content = current.get(path);
    if (rnd.nextBoolean()) {
      return new GeneratedFile(path, content);
    }
    String copy = copyPath(path);
    put(copy, content);
    return new GeneratedFile(copy, content);
  }

  private GeneratedFile change() {
    String path = Picks.one(rnd, paths);
    String before = current.get(path);
    String after = mutate(before);
    if (contents.containsKey(after)) {
      // e.g. a join flipped back to what a copy still holds: make the change a real one
      after = comment(after);
    }
    put(path, after);
    return new GeneratedFile(path, after);
  }

  private String mutate(String content) {
    int first = Picks.weighted(rnd, 40, 25, 20, 15);
    for (int i = 0; i < 4; i++) {
      String changed =
          switch ((first + i) % 4) {
            case 0 -> addColumn(content);
            case 1 -> flipJoin(content);
            case 2 -> changeDateWindow(content);
            default -> comment(content);
          };
      if (changed != null) {
        return changed;
      }
    }
    return comment(content);
  }

  /** Passes one more column through a SELECT, or adds a column to a DDL-only file. */
  private String addColumn(String content) {
    boolean hasSelect = content.contains("SELECT");
    if (hasSelect && (content.contains("INSERT INTO") || content.contains("MERGE INTO"))) {
      return null; // a select column without its target column would not be a realistic edit
    }
    List<MatchResult> matches = matches(hasSelect ? PASS_THROUGH : COLUMN_DEF, content);
    if (matches.isEmpty()) {
      return null;
    }
    MatchResult m = Picks.one(rnd, matches);
    String line =
        hasSelect
            ? m.indent()
                + m.group(2)
                + "."
                + m.group(3)
                + " AS "
                + m.group(3)
                + "_v"
                + editNumber
                + ","
            : m.indent() + "added_measure_v" + editNumber + " NUMERIC(20,4),";
    return content.substring(0, m.end()) + "\n" + line + content.substring(m.end());
  }

  private String flipJoin(String content) {
    List<MatchResult> matches = matches(JOIN, content);
    if (matches.isEmpty()) {
      return null;
    }
    MatchResult m = Picks.one(rnd, matches);
    String flipped = m.group(2).equals("JOIN") ? "LEFT JOIN " : "JOIN ";
    return content.substring(0, m.start()) + m.indent() + flipped + content.substring(m.end());
  }

  private String changeDateWindow(String content) {
    List<MatchResult> matches = matches(DATE_WINDOW, content);
    if (matches.isEmpty()) {
      return null;
    }
    MatchResult m = Picks.one(rnd, matches);
    int days = Integer.parseInt(m.group(1)) + 1 + rnd.nextInt(30);
    return content.substring(0, m.start()) + "CURRENT_DATE - " + days + content.substring(m.end());
  }

  private String comment(String content) {
    return "-- DWH-"
        + (1000 + rnd.nextInt(9000))
        + " (edit "
        + editNumber
        + "): "
        + Picks.one(rnd, COMMENTS)
        + "\n"
        + content;
  }

  private String copyPath(String path) {
    int dot = path.lastIndexOf('.');
    int slash = path.lastIndexOf('/');
    String stem = dot > slash ? path.substring(0, dot) : path;
    String ext = dot > slash ? path.substring(dot) : "";
    for (int k = 1; ; k++) {
      String candidate = stem + "_copy" + k + ext;
      if (!current.containsKey(candidate)) {
        return candidate;
      }
    }
  }

  private void put(String path, String content) {
    String old = current.put(path, content);
    if (old == null) {
      paths.add(path);
    } else {
      contents.computeIfPresent(old, (k, n) -> n == 1 ? null : n - 1);
    }
    contents.merge(content, 1, Integer::sum);
  }

  /** A regex match with its first group as indentation. */
  private record MatchResult(int start, int end, List<String> groups) {
    String group(int i) {
      return groups.get(i);
    }

    String indent() {
      return groups.get(1) == null ? "" : groups.get(1);
    }
  }

  private static List<MatchResult> matches(Pattern pattern, String content) {
    List<MatchResult> out = new ArrayList<>();
    Matcher m = pattern.matcher(content);
    while (m.find()) {
      List<String> groups = new ArrayList<>();
      for (int g = 0; g <= m.groupCount(); g++) {
        groups.add(m.group(g));
      }
      out.add(new MatchResult(m.start(), m.end(), groups));
    }
    return out;
  }
}
