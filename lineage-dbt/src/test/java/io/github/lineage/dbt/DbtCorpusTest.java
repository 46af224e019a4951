package io.github.lineage.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.StatementError;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.sql.LineageEngine;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dbt corpus: every directory under src/test/resources/dbt-cases is a tiny dbt project and its
 * {@code expected.lineage} ({@link DbtCase}) says, per model file, what dbt's compiled SQL gives:
 *
 * <ul>
 *   <li>{@code kind}: the statement kinds in order, or {@code none} (ephemeral, or not compiled);
 *   <li>{@code relation}: the model's relation ({@code none} for an ephemeral model), when given;
 *   <li>{@code sources}, {@code targets}: sets over the model's statements (absent means empty);
 *   <li>{@code edge: t.c <- s.a, s.b}: the full set of column edges, once any or {@code edges:
 *       none} is given; {@code indirect: KIND t.c <- s.x} likewise for indirect edges;
 *   <li>{@code error}, {@code warning}: the full lists (absent means none); {@code *} matches any
 *       text;
 *   <li>{@code rendered}, {@code not rendered}: text the wrapped statement holds, or does not
 *       (whitespace runs compare as one space).
 * </ul>
 *
 * A mismatch fails with the case's name and a diff of the expected and actual lines.
 */
class DbtCorpusTest {

  static final Set<String> KEYS =
      Set.of(
          "kind",
          "relation",
          "sources",
          "targets",
          "edge",
          "edges",
          "indirect",
          "error",
          "warning",
          "rendered",
          "not rendered");
  private static final LineageEngine ENGINE = LineageEngine.defaults();

  @AfterAll
  static void close() {
    ENGINE.close();
  }

  static Stream<DbtCase> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(DbtCorpusTest.class.getResource("/dbt-cases").toURI());
    try (Stream<Path> dirs = Files.list(dir)) {
      return dirs
          .filter(d -> Files.isRegularFile(d.resolve(DbtCase.EXPECTED)))
          .sorted()
          .map(DbtCase::read)
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldGiveTheLineageOfWhatDbtCompiles(DbtCase c) {
    Map<String, DbtLineage.ModelLineage> result = run(c);
    String diff = diff(c, result);
    if (!diff.isEmpty()) {
      StringBuilder sql = new StringBuilder();
      result.forEach(
          (path, m) ->
              sql.append("-- ").append(path).append(":\n").append(m.statement()).append('\n'));
      fail(
          "dbt case "
              + c.name()
              + " differs (- expected, + actual):\n"
              + diff
              + "\nstatements:\n"
              + sql);
    }
  }

  @Test
  void shouldHoldAtLeast25Cases() throws Exception {
    assertThat(cases().count()).isGreaterThanOrEqualTo(25);
  }

  @Test
  void shouldNameEveryModelOfEveryCase() throws Exception {
    // A model file the expectations forget would otherwise go unchecked.
    for (DbtCase c : cases().toList()) {
      DbtProject p = DbtProject.of(DbtProjectFiles.read(c.root()), c.env());
      Set<String> files = new TreeSet<>(p.models());
      files.addAll(p.snapshots());
      assertThat(c.models().keySet()).as(c.name()).isEqualTo(files);
    }
  }

  @Test
  void shouldShowAWrongExpectationAsADiffOfItsLines() throws Exception {
    DbtCase real = cases().filter(c -> c.name().startsWith("ref-")).findFirst().orElseThrow();
    String text = Files.readString(real.root().resolve(DbtCase.EXPECTED));
    String wrong =
        text.replaceFirst(">>> kind: CREATE_VIEW", ">>> kind: CREATE_TABLE_AS")
            + "\n### models/ghost.sql\n>>> kind: none\n";
    String diff = diff(DbtCase.parse(real.name(), real.root(), wrong), run(real));
    assertThat(diff)
        .contains("- kind: CREATE_TABLE_AS\n", "+ kind: CREATE_VIEW\n", "- ### models/ghost.sql\n");
    assertThat(diff(real, run(real))).isEmpty();
  }

  private static Map<String, DbtLineage.ModelLineage> run(DbtCase c) {
    return new DbtLineage(ENGINE)
        .extract(DbtProject.of(DbtProjectFiles.read(c.root()), c.env()), c.env());
  }

  /**
   * Expected and actual in one canonical form, restricted to what the case checks; their line diff.
   */
  static String diff(DbtCase c, Map<String, DbtLineage.ModelLineage> result) {
    StringBuilder expected = new StringBuilder();
    StringBuilder actual = new StringBuilder();
    Set<String> paths = new TreeSet<>(c.models().keySet());
    paths.addAll(result.keySet());
    for (String path : paths) {
      Map<String, List<String>> e = c.models().get(path);
      DbtLineage.ModelLineage m = result.get(path);
      if (e != null) {
        expected.append(expectedText(path, e));
      }
      if (m != null) {
        actual.append(actualText(path, e == null ? Map.of() : e, m));
      }
    }
    return LineDiff.of(expected.toString(), actual.toString());
  }

  private static String expectedText(String path, Map<String, List<String>> e) {
    StringBuilder sb = new StringBuilder("### ").append(path).append('\n');
    if (e.containsKey("relation")) {
      sb.append("relation: ").append(e.get("relation").get(0)).append('\n');
    }
    String kind = String.join(", ", list(e.get("kind").get(0)));
    sb.append("kind: ").append(kind).append('\n');
    if (!kind.equals("none")) {
      sb.append("sources: ")
          .append(String.join(", ", set(e.getOrDefault("sources", List.of("")))))
          .append('\n');
      sb.append("targets: ")
          .append(String.join(", ", set(e.getOrDefault("targets", List.of("")))))
          .append('\n');
    }
    if (e.containsKey("edge") || e.containsKey("edges")) {
      Map<String, Set<String>> edges = new TreeMap<>();
      for (String v : e.getOrDefault("edge", List.of())) {
        String[] parts = v.split("<-", 2);
        edges
            .computeIfAbsent(parts[0].strip(), k -> new TreeSet<>())
            .addAll(set(List.of(parts[1])));
      }
      edgeLines(sb, "edge", edges);
    }
    if (e.containsKey("indirect")) {
      Map<String, Set<String>> indirect = new TreeMap<>();
      for (String v : e.get("indirect")) {
        if (v.equals("none")) {
          continue;
        }
        String[] parts = v.split("<-", 2);
        String head = parts[0].strip();
        String k = head.substring(0, head.indexOf(' '));
        for (String t : set(List.of(head.substring(head.indexOf(' ') + 1)))) {
          indirect
              .computeIfAbsent(k + " " + t, x -> new TreeSet<>())
              .addAll(set(List.of(parts[1])));
        }
      }
      edgeLines(sb, "indirect", indirect);
    }
    e.getOrDefault("rendered", List.of())
        .forEach(r -> sb.append("rendered: ").append(r).append('\n'));
    e.getOrDefault("not rendered", List.of())
        .forEach(r -> sb.append("not rendered: ").append(r).append('\n'));
    e.getOrDefault("error", List.of()).stream()
        .sorted()
        .forEach(r -> sb.append("error: ").append(r).append('\n'));
    e.getOrDefault("warning", List.of()).stream()
        .sorted()
        .forEach(r -> sb.append("warning: ").append(r).append('\n'));
    return sb.toString();
  }

  private static String actualText(
      String path, Map<String, List<String>> e, DbtLineage.ModelLineage m) {
    boolean unexpected = e.isEmpty();
    FileLineage fl = m.lineage();
    StringBuilder sb = new StringBuilder("### ").append(path).append('\n');
    if (unexpected || e.containsKey("relation")) {
      sb.append("relation: ")
          .append(m.model().relation() == null ? "none" : m.model().relation().qualified())
          .append('\n');
    }
    List<String> kinds = fl.statements().stream().map(StatementLineage::kind).toList();
    sb.append("kind: ").append(kinds.isEmpty() ? "none" : String.join(", ", kinds)).append('\n');
    Set<String> sources = new TreeSet<>();
    Set<String> targets = new TreeSet<>();
    Map<String, Set<String>> edges = new TreeMap<>();
    Map<String, Set<String>> indirect = new TreeMap<>();
    for (StatementLineage st : fl.statements()) {
      sources.addAll(st.sources());
      targets.addAll(st.targets());
      for (ColumnEdge ce : st.columns()) {
        edges.computeIfAbsent(ce.target(), k -> new TreeSet<>()).addAll(ce.sources());
      }
      for (StatementLineage.Indirect ie : st.indirect()) {
        indirect
            .computeIfAbsent(ie.kind() + " " + ie.target(), k -> new TreeSet<>())
            .addAll(ie.sources());
      }
    }
    if (!kinds.isEmpty() || !e.getOrDefault("kind", List.of("none")).get(0).equals("none")) {
      sb.append("sources: ").append(String.join(", ", sources)).append('\n');
      sb.append("targets: ").append(String.join(", ", targets)).append('\n');
    }
    if (unexpected ? !edges.isEmpty() : e.containsKey("edge") || e.containsKey("edges")) {
      edgeLines(sb, "edge", edges);
    }
    if (e.containsKey("indirect")) {
      edgeLines(sb, "indirect", indirect);
    }
    String statement = m.statement() == null ? "" : squash(m.statement());
    for (String r : e.getOrDefault("rendered", List.of())) {
      if (statement.contains(squash(r))) {
        sb.append("rendered: ").append(r).append('\n');
      }
    }
    for (String r : e.getOrDefault("not rendered", List.of())) {
      if (!statement.contains(squash(r))) {
        sb.append("not rendered: ").append(r).append('\n');
      }
    }
    problems(sb, "error", fl.errors(), e.getOrDefault("error", List.of()));
    problems(sb, "warning", fl.warnings(), e.getOrDefault("warning", List.of()));
    return sb.toString();
  }

  /**
   * Actual problems, each shown as the expected pattern it matches (so only real differences show).
   */
  private static void problems(
      StringBuilder sb, String key, List<StatementError> actual, List<String> expected) {
    List<String> patterns = new ArrayList<>(expected);
    List<String> shown = new ArrayList<>();
    for (StatementError p : actual) {
      String match =
          patterns.stream()
              .filter(x -> glob(x).matcher(p.message()).matches())
              .findFirst()
              .orElse(null);
      if (match != null) {
        patterns.remove(match);
      }
      shown.add(match != null ? match : p.message());
    }
    shown.stream().sorted().forEach(s -> sb.append(key).append(": ").append(s).append('\n'));
  }

  private static Pattern glob(String pattern) {
    return Pattern.compile(
        Stream.of(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")),
        Pattern.DOTALL);
  }

  private static void edgeLines(StringBuilder sb, String key, Map<String, Set<String>> edges) {
    if (edges.isEmpty()) {
      sb.append(key.equals("edge") ? "edges" : key).append(": none\n");
    }
    edges.forEach(
        (t, s) ->
            sb.append(key)
                .append(": ")
                .append(t)
                .append(" <- ")
                .append(String.join(", ", s))
                .append('\n'));
  }

  private static String squash(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  private static Set<String> set(List<String> values) {
    Set<String> out = new TreeSet<>();
    for (String v : values) {
      out.addAll(list(v));
    }
    return out;
  }

  private static List<String> list(String v) {
    return Stream.of(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
