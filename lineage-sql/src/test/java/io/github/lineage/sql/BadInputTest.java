package io.github.lineage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.model.FileLineage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad and pathological input: each a clear per-statement error, and nothing else lost. */
class BadInputTest {

  private static LineageEngine engine;

  @BeforeAll
  static void start() {
    engine =
        new LineageEngine(EngineOptions.defaults().withStatementTimeout(Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static final String GOOD = "INSERT INTO mart.ok SELECT a FROM raw.ok";

  private static void assertGoodSurvives(FileLineage fl) {
    assertThat(fl.statements()).anySatisfy(s -> assertThat(s.targets()).containsExactly("mart.ok"));
  }

  @Test
  void shouldReturnNothingForEmptyAndCommentOnlyFiles() {
    assertThat(engine.extract("e.sql", "").statements()).isEmpty();
    FileLineage comments = engine.extract("c.sql", "-- a; b\n/* c; d */\n  ;\n-- end");
    assertThat(comments.statements()).isEmpty();
    assertThat(comments.errors()).isEmpty();
  }

  @Test
  void shouldHandleBomAndCrlfAndReportFirstNonCommentLine() {
    FileLineage fl =
        engine.extract(
            "b.sql", "\uFEFF-- header\r\n\r\n/* x\r\n */ " + GOOD + ";\r\nSELECT 1 FROM t2");
    assertThat(fl.errors()).isEmpty();
    assertThat(fl.statements()).extracting(s -> s.line()).containsExactly(4, 5);
    assertGoodSurvives(fl);
  }

  @Test
  void shouldComputeSha256OfUtf8Content() {
    String content = "SELECT 'é' FROM t";
    // printf "SELECT 'é' FROM t" | sha256sum
    assertThat(engine.extract("h.sql", content).sha256())
        .isEqualTo("f3014f2c5c327effa941ea388351976516bc54a494554d5d871d68e51ccbf3d1");
  }

  @Test
  void shouldReportDeeplyNestedParenthesesAsErrorAndKeepOtherStatements() {
    String deep = "SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000) + " FROM t";
    FileLineage fl =
        engine.extract("deep.sql", GOOD + ";\n" + deep + ";\n" + GOOD.replace("ok", "ok") + ";");
    assertThat(fl.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.index()).isEqualTo(1);
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.message()).contains("nested too deeply");
            });
    assertThat(fl.statements()).hasSize(2);
    assertGoodSurvives(fl);
  }

  @Test
  void shouldParseAHundredThousandElementInListOrFailClearly() {
    StringBuilder sb = new StringBuilder("SELECT a FROM big_in WHERE id IN (");
    for (int i = 0; i < 100_000; i++) {
      sb.append(i == 0 ? "" : ",").append(i);
    }
    sb.append(")");
    FileLineage fl = engine.extract("in.sql", sb + ";\n" + GOOD);
    assertGoodSurvives(fl);
    if (fl.errors().isEmpty()) {
      assertThat(fl.statements().get(0).sources()).containsExactly("big_in");
    } else {
      assertThat(fl.errors().get(0).message()).containsAnyOf("time bound", "too long", "too large");
    }
  }

  @Test
  void shouldRejectAStatementOverTheCharacterLimitWithoutParsingIt() {
    String huge = "SELECT '" + "x".repeat(EngineOptions.DEFAULT_MAX_STATEMENT_CHARS) + "' FROM t";
    FileLineage fl = engine.extract("huge.sql", huge + ";\n" + GOOD);
    assertThat(fl.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("too long"));
    assertGoodSurvives(fl);
  }

  @Test
  void shouldProcessATenMegabyteFileOfManyStatements() {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    while (sb.length() < 10_000_000) {
      sb.append("INSERT INTO mart.t")
          .append(n % 50)
          .append(" SELECT a, b FROM raw.s")
          .append(n % 70)
          .append(" WHERE c = '")
          .append("y".repeat(1000))
          .append("';\n");
      n++;
    }
    FileLineage fl = engine.extract("10mb.sql", sb.toString());
    assertThat(fl.errors()).isEmpty();
    assertThat(fl.statements()).hasSize(n);
  }

  @Test
  void shouldRunTheRepairsOfABadStatementInLinearTime() {
    // A statement near the size limit, full of every repair's trigger, that fails to parse even
    // after the repairs: the token-based rewrites must stay linear.
    StringBuilder sb =
        new StringBuilder(
            "CREATE TABLE t (a INT, s STRUCT<x INT, y INT>) OPTIONS (x = 1) AS SELECT ");
    while (sb.length() < 900_000) {
      sb.append(
          "c += 1, csv.`p/q`, WITH w (SELECT 1) EXCHANGE PARTITION (p = 1) THEN INSERT ROW x, ");
    }
    long t0 = System.nanoTime();
    FileLineage fl = engine.extract("repairs.sql", sb + ";\n" + GOOD);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(fl.errors()).hasSize(1);
    assertGoodSurvives(fl);
    assertThat(ms).as("ms for a 900 kB failing statement").isLessThan(20_000);
  }

  @Test
  void shouldSplitATwoMegabyteTsqlBatchWithoutSemicolonsInLinearTime() {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    while (sb.length() < 2_000_000) {
      sb.append("INSERT INTO dbo.t")
          .append(n % 50)
          .append("\nSELECT a, b\nFROM dbo.s")
          .append(n % 70)
          .append("\nWHERE c = '")
          .append("y".repeat(200))
          .append("'\n")
          .append(n % 10 == 0 ? "GO\n" : "");
      n++;
    }
    try (LineageEngine tsql =
        new LineageEngine(EngineOptions.defaults().withDialect(Dialect.TSQL))) {
      long t0 = System.nanoTime();
      FileLineage fl = tsql.extract("batch.sql", sb.toString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(fl.errors()).isEmpty();
      assertThat(fl.statements()).hasSize(n);
      assertThat(ms).as("ms for a 2 MB batch").isLessThan(60_000);
    }
  }

  @Test
  void shouldEndAStatementThatExceedsTheTimeBoundAsAnError() {
    try (LineageEngine quick =
        new LineageEngine(EngineOptions.defaults().withStatementTimeout(Duration.ofMillis(1)))) {
      StringBuilder sb = new StringBuilder("SELECT a FROM t WHERE x IN (");
      for (int i = 0; i < 120_000; i++) {
        sb.append(i == 0 ? "" : ",").append(i);
      }
      sb.append(")");
      FileLineage fl = quick.extract("slow.sql", sb.toString());
      assertThat(fl.errors())
          .singleElement()
          .satisfies(e -> assertThat(e.message()).contains("time bound"));
    }
  }

  @Test
  void shouldGiveALineAndColumnForSyntaxErrors() {
    FileLineage fl = engine.extract("s.sql", GOOD + ";\n\nSELECT FROM WHERE;");
    assertThat(fl.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.message()).startsWith("cannot parse");
            });
    assertGoodSurvives(fl);
  }

  @Test
  void shouldBeSafeToShareAcrossThreads() throws Exception {
    List<Thread> threads = new java.util.ArrayList<>();
    java.util.concurrent.ConcurrentLinkedQueue<String> wrong =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < 50; i++) {
                  FileLineage fl =
                      engine.extract("f" + id, "INSERT INTO t" + id + " SELECT a FROM s" + i);
                  if (!fl.statements().get(0).targets().equals(List.of("t" + id))
                      || !fl.statements().get(0).sources().equals(List.of("s" + i))) {
                    wrong.add(fl.toString());
                  }
                }
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(wrong).isEmpty();
  }
}
