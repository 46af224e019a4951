package io.github.lineage.cli.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The difference between the expected and the actual graph lines of {@link ExpectedGraph}: missing
 * (expected, absent), stale (a File whose sha256 is not the one on disk, or an edge of an old
 * version) and extra (in the graph, not expected; duplicates included).
 */
record GraphDiff(List<String> missing, List<String> stale, List<String> extra, int expectedFiles) {

  static GraphDiff between(List<String> expected, List<String> actual) {
    Map<String, Integer> left = new HashMap<>();
    expected.forEach(line -> left.merge(line, 1, Integer::sum));
    List<String> extra = new ArrayList<>();
    for (String line : actual) {
      Integer n = left.get(line);
      if (n == null) {
        extra.add(line);
      } else if (n == 1) {
        left.remove(line);
      } else {
        left.put(line, n - 1);
      }
    }
    List<String> missing = new ArrayList<>(left.keySet());
    missing.sort(null);
    // A File line present with another sha is stale, not one missing plus one extra.
    Map<String, String> expectedFileOf = new HashMap<>();
    for (String line : missing) {
      if (line.startsWith("File:")) {
        expectedFileOf.put(line.substring(0, line.indexOf(" sha=")), line);
      }
    }
    List<String> stale = new ArrayList<>();
    for (String line : List.copyOf(extra)) {
      if (line.startsWith("File:") && line.contains(" sha=")) {
        String expectedLine = expectedFileOf.get(line.substring(0, line.indexOf(" sha=")));
        if (expectedLine != null) {
          stale.add(line);
          extra.remove(line);
          missing.remove(expectedLine);
        }
      }
    }
    int files = (int) expected.stream().filter(l -> l.startsWith("File:")).count();
    return new GraphDiff(List.copyOf(missing), List.copyOf(stale), List.copyOf(extra), files);
  }

  boolean isEmpty() {
    return missing.isEmpty() && stale.isEmpty() && extra.isEmpty();
  }

  /** One line for the matrix: files, missing, stale, extra. */
  String summary() {
    return expectedFiles
        + " files: "
        + missing.size()
        + " missing, "
        + stale.size()
        + " stale, "
        + extra.size()
        + " extra";
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(summary());
    append(out, "missing", missing);
    append(out, "stale", stale);
    append(out, "extra", extra);
    return out.toString();
  }

  private static void append(StringBuilder out, String what, List<String> lines) {
    int shown = 0;
    for (String line : lines) {
      if (shown++ == 40) {
        out.append("\n  ").append(what).append(": ... ").append(lines.size() - 40).append(" more");
        break;
      }
      out.append("\n  ").append(what).append(": ").append(line);
    }
  }
}
