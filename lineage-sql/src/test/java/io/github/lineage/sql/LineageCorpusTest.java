package io.github.lineage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.StatementLineage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lineage corpus: src/test/resources/cases/*.cases, one file per construct family. Format:
 * {@code ### name} starts a case; an optional {@code -- dialect: X} first line picks the dialect;
 * then the SQL; then expectations, each {@code >>> key: value}: {@code sources}, {@code targets}
 * (sets over all statements of the case), {@code edge: target <- s1, s2} (the full edge set, once
 * any edge or {@code edges: none} is given), {@code feeds: s -> t, …} (the full set of table edges
 * the graph gets: each statement's sources to that same statement's targets), {@code kinds} (in
 * order), {@code errors} (count, default 0), {@code indirect: KIND t1.a, t1.b <- s1, s2} (the full
 * set of indirect column edges, once any or {@code indirect: none} is given: each target column on
 * the left depends on the sources through a clause of KIND — FILTER, JOIN, GROUP_BY, SORT, WINDOW).
 */
class LineageCorpusTest {

  private static final Map<String, LineageEngine> ENGINES = new LinkedHashMap<>();

  record Case(
      String file, String name, String dialect, String sql, Map<String, List<String>> expect) {
    @Override
    public String toString() {
      return file + ": " + name;
    }
  }

  static Stream<Case> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(LineageCorpusTest.class.getResource("/cases").toURI());
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".cases")).sorted().toList()) {
        out.addAll(parse(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
      }
    }
    return out.stream();
  }

  static List<Case> parse(String file, String text) {
    List<Case> out = new ArrayList<>();
    String name = null;
    StringBuilder sql = new StringBuilder();
    Map<String, List<String>> expect = new LinkedHashMap<>();
    for (String line : (text + "\n### <end>").split("\n", -1)) {
      if (line.startsWith("### ")) {
        if (name != null) {
          String s = sql.toString();
          String dialect =
              s.startsWith("-- dialect: ") ? s.substring(12, s.indexOf('\n')).strip() : null;
          out.add(new Case(file, name, dialect, s, expect));
        }
        name = line.substring(4).strip();
        sql = new StringBuilder();
        expect = new LinkedHashMap<>();
      } else if (line.startsWith(">>> ")) {
        int colon = line.indexOf(':');
        String key = line.substring(4, colon).strip();
        expect.computeIfAbsent(key, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
      } else if (name != null) {
        sql.append(line).append('\n');
      }
    }
    return out;
  }

  private static LineageEngine engine(String dialect) {
    return ENGINES.computeIfAbsent(
        String.valueOf(dialect),
        d ->
            dialect == null
                ? LineageEngine.defaults()
                : new LineageEngine(
                    EngineOptions.defaults().withDialect(Dialect.parse(dialect).orElseThrow())));
  }

  @AfterAll
  static void close() {
    ENGINES.values().forEach(LineageEngine::close);
  }

  private static Set<String> list(String v) {
    Set<String> out = new TreeSet<>();
    for (String p : v.split(",")) {
      if (!p.isBlank()) {
        out.add(p.strip());
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldExtractExpectedLineage(Case c) {
    FileLineage fl = engine(c.dialect).extract(c.name + ".sql", c.sql);
    Set<String> sources = new TreeSet<>();
    Set<String> targets = new TreeSet<>();
    Map<String, Set<String>> edges = new TreeMap<>();
    List<String> kinds = new ArrayList<>();
    Set<String> feeds = new TreeSet<>();
    Map<String, Set<String>> indirect = new TreeMap<>();
    for (StatementLineage st : fl.statements()) {
      for (StatementLineage.Indirect e : st.indirect()) {
        indirect
            .computeIfAbsent(e.kind() + " " + e.target(), k -> new TreeSet<>())
            .addAll(e.sources());
      }
      for (String source : st.sources()) {
        for (String target : st.targets()) {
          feeds.add(source + " -> " + target);
        }
      }
      sources.addAll(st.sources());
      targets.addAll(st.targets());
      kinds.add(st.kind());
      for (ColumnEdge e : st.columns()) {
        edges.computeIfAbsent(e.target(), k -> new TreeSet<>()).addAll(e.sources());
      }
    }
    String ctx = c + "\n" + c.sql + "\n-> " + fl;
    int errors =
        c.expect.containsKey("errors") ? Integer.parseInt(c.expect.get("errors").get(0)) : 0;
    assertThat(fl.errors()).as(ctx).hasSize(errors);
    if (c.expect.containsKey("sources")) {
      assertThat(sources).as("sources of " + ctx).isEqualTo(list(c.expect.get("sources").get(0)));
    }
    if (c.expect.containsKey("targets")) {
      assertThat(targets).as("targets of " + ctx).isEqualTo(list(c.expect.get("targets").get(0)));
    }
    if (c.expect.containsKey("edge") || c.expect.containsKey("edges")) {
      Map<String, Set<String>> expected = new TreeMap<>();
      for (String e : c.expect.getOrDefault("edge", List.of())) {
        String[] parts = e.split("<-");
        expected.computeIfAbsent(parts[0].strip(), k -> new TreeSet<>()).addAll(list(parts[1]));
      }
      assertThat(edges).as("column edges of " + ctx).isEqualTo(expected);
    }
    if (c.expect.containsKey("indirect")) {
      Map<String, Set<String>> expected = new TreeMap<>();
      for (String e : c.expect.get("indirect")) {
        if (e.equals("none")) {
          continue;
        }
        String[] parts = e.split("<-");
        String head = parts[0].strip();
        String kind = head.substring(0, head.indexOf(' '));
        for (String target : list(head.substring(head.indexOf(' ') + 1))) {
          expected
              .computeIfAbsent(kind + " " + target, k -> new TreeSet<>())
              .addAll(list(parts[1]));
        }
      }
      assertThat(indirect).as("indirect column edges of " + ctx).isEqualTo(expected);
    }
    if (c.expect.containsKey("feeds")) {
      assertThat(feeds).as("table edges of " + ctx).isEqualTo(list(c.expect.get("feeds").get(0)));
    }
    if (c.expect.containsKey("kinds")) {
      assertThat(kinds)
          .as("kinds of " + ctx)
          .isEqualTo(new ArrayList<>(list2(c.expect.get("kinds").get(0))));
    }
  }

  private static List<String> list2(String v) {
    return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  @Test
  void shouldHoldAtLeast150Cases() throws Exception {
    assertThat(cases().count()).isGreaterThanOrEqualTo(150);
  }
}
