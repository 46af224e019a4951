package io.github.lineage.bench.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusGeneratorTest {

  private static final List<String> LAYERS = List.of("raw", "stg", "core", "mart", "rpt");

  /** Every schema-qualified table after a reading keyword; CTE names are never qualified. */
  private static final Pattern READ =
      Pattern.compile("\\b(?:FROM|JOIN|USING)\\s+([a-z_]+\\.[a-z0-9_]+)");

  private static final Pattern WRITE =
      Pattern.compile(
          "\\b(?:CREATE TABLE(?: IF NOT EXISTS)?|CREATE OR REPLACE VIEW|INSERT INTO|MERGE INTO)\\s+([a-z_]+\\.[a-z0-9_]+)");

  private static final List<GeneratedFile> CORPUS = new CorpusGenerator(42).generate(600);

  @Test
  void shouldGenerateIdenticalFilesForTheSameSeed() {
    assertThat(new CorpusGenerator(42).generate(600)).isEqualTo(CORPUS);
  }

  @Test
  void shouldGenerateDifferentFilesForDifferentSeeds() {
    assertThat(new CorpusGenerator(43).generate(600)).isNotEqualTo(CORPUS);
  }

  @Test
  void shouldGenerateExactlyTheRequestedCountWithDistinctPaths() {
    for (int n : new int[] {0, 1, 2, 7, 100}) {
      List<GeneratedFile> files = new CorpusGenerator(n).generate(n);
      assertThat(files).hasSize(n);
      assertThat(files.stream().map(GeneratedFile::path).distinct()).hasSize(n);
    }
    assertThat(CORPUS.stream().map(GeneratedFile::path).distinct()).hasSize(CORPUS.size());
  }

  @Test
  void shouldWriteNonEmptySqlFilesOfWarehouseLikeSizes() {
    assertThat(CORPUS)
        .allSatisfy(
            f -> {
              assertThat(f.path()).endsWith(".sql");
              assertThat(f.content()).isNotBlank().contains(";");
            });
    int[] lines = CORPUS.stream().mapToInt(f -> (int) f.content().lines().count()).toArray();
    double average = java.util.Arrays.stream(lines).average().orElseThrow();
    assertThat(java.util.Arrays.stream(lines).min().orElseThrow()).isGreaterThanOrEqualTo(10);
    assertThat(java.util.Arrays.stream(lines).max().orElseThrow()).isLessThanOrEqualTo(300);
    assertThat(average).isBetween(45.0, 80.0);
    assertThat(java.util.Arrays.stream(lines).filter(n -> n > 150).count()).isPositive();
  }

  @Test
  void shouldMixTheStatementKindsOfARealWarehouse() {
    String all = String.join("\n", CORPUS.stream().map(GeneratedFile::content).toList());
    assertThat(all)
        .contains(
            "CREATE TABLE IF NOT EXISTS raw.",
            "CREATE TABLE stg.",
            " AS\nWITH ",
            "CREATE OR REPLACE VIEW ",
            "INSERT INTO ",
            "MERGE INTO ",
            "UPDATE ",
            "DELETE FROM ",
            "TRUNCATE TABLE ",
            " OVER (PARTITION BY ",
            "LEFT JOIN ",
            "GROUP BY ",
            "-- legacy: INSERT INTO legacy.",
            "/*");
    long withoutColumnList =
        CORPUS.stream().filter(f -> f.content().contains("-- no column list")).count();
    assertThat(withoutColumnList).isPositive();
  }

  @Test
  void shouldOnlyReadTablesThatAreWrittenOrDeclaredInLowerLayers() {
    Set<String> written = new HashSet<>();
    Map<String, String> writerOf = new HashMap<>();
    for (GeneratedFile f : CORPUS) {
      Matcher w = WRITE.matcher(code(f.content()));
      while (w.find()) {
        written.add(w.group(1));
        writerOf.putIfAbsent(f.path(), w.group(1));
      }
    }
    for (GeneratedFile f : CORPUS) {
      String target = writerOf.get(f.path());
      assertThat(target).as("table written by %s", f.path()).isNotNull();
      Matcher r = READ.matcher(code(f.content()));
      while (r.find()) {
        String read = r.group(1);
        assertThat(written).as("%s reads %s", f.path(), read).contains(read);
        if (!read.equals(target)) {
          assertThat(layer(read)).as("%s reads %s", f.path(), read).isLessThan(layer(target));
        }
      }
    }
  }

  @Test
  void shouldBuildChainsFromReportsDownToTheBaseLayer() {
    Set<String> readSchemas = new HashSet<>();
    for (GeneratedFile f : CORPUS) {
      if (f.path().startsWith("reports/")) {
        Matcher r = READ.matcher(code(f.content()));
        while (r.find()) {
          readSchemas.add(r.group(1).substring(0, r.group(1).indexOf('.')));
        }
      }
    }
    assertThat(readSchemas).contains("mart", "core");
    assertThat(CORPUS.stream().map(f -> f.path().substring(0, f.path().indexOf('/'))).distinct())
        .containsExactly("ddl", "staging", "intermediate", "marts", "reports");
  }

  @Test
  void shouldRepeatExactlyTheRequestedShareOfEdits() {
    for (double ratio : new double[] {0.0, 0.3, 0.75, 1.0}) {
      List<GeneratedFile> edits = new CorpusGenerator(1).edits(CORPUS, 1000, ratio, 99);
      assertThat(edits).hasSize(1000);
      assertThat(repeats(CORPUS, edits)).isEqualTo(Math.round(1000 * ratio));
    }
  }

  @Test
  void shouldRepeatBothAsResavesAndAsCopiesUnderNewPaths() {
    List<GeneratedFile> edits = new CorpusGenerator(1).edits(CORPUS, 500, 0.5, 5);
    Set<String> basePaths = new HashSet<>(CORPUS.stream().map(GeneratedFile::path).toList());
    assertThat(edits).anySatisfy(e -> assertThat(e.path()).contains("_copy"));
    assertThat(edits.stream().filter(e -> !basePaths.contains(e.path())).map(GeneratedFile::path))
        .allSatisfy(p -> assertThat(p).contains("_copy"));
  }

  @Test
  void shouldChangeContentRealisticallyInNonRepeatedEdits() {
    List<GeneratedFile> edits = new CorpusGenerator(1).edits(CORPUS, 400, 0.0, 11);
    String all = String.join("\n", edits.stream().map(GeneratedFile::content).toList());
    assertThat(all).containsPattern(" AS [a-z_]+_v\\d+,");
    assertThat(edits).allSatisfy(e -> assertThat(e.content()).isNotBlank());
  }

  @Test
  void shouldProduceTheSameEditsForTheSameSeed() {
    assertThat(new CorpusGenerator(1).edits(CORPUS, 200, 0.4, 3))
        .isEqualTo(new CorpusGenerator(2).edits(CORPUS, 200, 0.4, 3))
        .isNotEqualTo(new CorpusGenerator(1).edits(CORPUS, 200, 0.4, 4));
  }

  @Test
  void shouldRejectInvalidEditArguments() {
    CorpusGenerator generator = new CorpusGenerator(1);
    assertThatThrownBy(() -> generator.edits(CORPUS, 10, 1.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> generator.edits(CORPUS, -1, 0.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> generator.edits(List.of(), 1, 0.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> generator.generate(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldWriteEveryFileUnderTheDirectory(@TempDir Path dir) throws IOException {
    List<GeneratedFile> files = new CorpusGenerator(7).generate(40);
    CorpusGenerator.writeTo(dir, files);
    for (GeneratedFile f : files) {
      assertThat(Files.readString(dir.resolve(f.path()), StandardCharsets.UTF_8))
          .isEqualTo(f.content());
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      assertThat(walk.filter(Files::isRegularFile).count()).isEqualTo(files.size());
    }
  }

  @Test
  void shouldRejectPathsThatLeaveTheDirectory() {
    assertThatThrownBy(() -> new GeneratedFile("../escape.sql", "SELECT 1;"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GeneratedFile("/abs.sql", "SELECT 1;"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Edits whose content the corpus already held at that moment (under any path). */
  private static long repeats(List<GeneratedFile> base, List<GeneratedFile> edits) {
    Map<String, String> state = new HashMap<>();
    base.forEach(f -> state.put(f.path(), f.content()));
    long repeats = 0;
    for (GeneratedFile e : edits) {
      if (state.containsValue(e.content())) {
        repeats++;
      }
      state.put(e.path(), e.content());
    }
    return repeats;
  }

  /** The text without comments and string literals, which must never count as references. */
  private static String code(String sql) {
    return sql.replaceAll("(?s)/\\*.*?\\*/", " ")
        .replaceAll("--[^\\n]*", " ")
        .replaceAll("'[^']*'", "''");
  }

  private static int layer(String table) {
    return LAYERS.indexOf(table.substring(0, table.indexOf('.')));
  }
}
