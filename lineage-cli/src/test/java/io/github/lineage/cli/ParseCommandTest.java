package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParseCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    List<JsonNode> lines() throws Exception {
      List<JsonNode> out = new ArrayList<>();
      for (String l : this.out.split("\n")) {
        if (!l.isBlank()) {
          out.add(JSON.readTree(l));
        }
      }
      return out;
    }
  }

  private static Run run(String... args) {
    CommandLine cli = LineageCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void shouldPrintOneJsonObjectPerFileWithStatementsAndErrors() throws Exception {
    Files.writeString(
        dir.resolve("a.sql"), "INSERT INTO mart.t (c) SELECT a FROM raw.s;\nSELEC broken;\n");
    Run r = run("parse", "--format", "json", dir.resolve("a.sql").toString());
    assertThat(r.exit).isZero();
    JsonNode doc = r.lines().get(0);
    assertThat(doc.get("sha256").asText()).hasSize(64);
    JsonNode st = doc.get("statements").get(0);
    assertThat(st.get("index").asInt()).isZero();
    assertThat(st.get("line").asInt()).isEqualTo(1);
    assertThat(st.get("kind").asText()).isEqualTo("INSERT");
    assertThat(st.get("sources").get(0).asText()).isEqualTo("raw.s");
    assertThat(st.get("targets").get(0).asText()).isEqualTo("mart.t");
    assertThat(st.get("columns").get(0).get("target").asText()).isEqualTo("mart.t.c");
    assertThat(st.get("columns").get(0).get("sources").get(0).asText()).isEqualTo("raw.s.a");
    JsonNode err = doc.get("errors").get(0);
    assertThat(err.get("index").asInt()).isEqualTo(1);
    assertThat(err.get("line").asInt()).isEqualTo(2);
    assertThat(err.get("message").asText()).isNotBlank();
  }

  @Test
  void shouldPrintIndirectLineageApartFromTheColumnsAndOnlyWhereThereIsSome() throws Exception {
    Files.writeString(
        dir.resolve("a.sql"),
        """
        INSERT INTO mart.t (c) SELECT s.a FROM raw.s s JOIN raw.d d ON s.k = d.k WHERE d.live = 1;
        INSERT INTO mart.u (c) SELECT s.a FROM raw.s s;
        """);
    Run r = run("parse", "--format", "json", dir.resolve("a.sql").toString());
    assertThat(r.exit).isZero();
    JsonNode statements = r.lines().get(0).get("statements");
    JsonNode indirect = statements.get(0).get("indirect");
    List<String> edges = new java.util.ArrayList<>();
    indirect.forEach(
        e ->
            edges.add(
                e.get("kind").asText()
                    + " "
                    + e.get("target").asText()
                    + " <- "
                    + e.get("sources").toString()));
    assertThat(edges)
        .containsExactlyInAnyOrder(
            "JOIN mart.t.c <- [\"raw.s.k\",\"raw.d.k\"]", "FILTER mart.t.c <- [\"raw.d.live\"]");
    assertThat(statements.get(0).get("columns").toString()).doesNotContain("raw.d.live", "raw.s.k");
    assertThat(statements.get(1).has("indirect")).isFalse();
  }

  @Test
  void shouldWalkDirectoriesAndExpandStarAcrossFiles() throws Exception {
    Files.createDirectories(dir.resolve("ddl"));
    Files.createDirectories(dir.resolve("models/deep"));
    Files.writeString(dir.resolve("ddl/s.sql"), "CREATE TABLE raw.s (a INT, b INT);");
    Files.writeString(
        dir.resolve("models/deep/m.sql"), "CREATE TABLE mart.m AS SELECT * FROM raw.s;");
    Files.writeString(dir.resolve("models/readme.txt"), "not sql");
    Run r = run("parse", "--format", "json", dir.toString());
    assertThat(r.exit).isZero();
    List<JsonNode> docs = r.lines();
    assertThat(docs).hasSize(2);
    JsonNode m =
        docs.stream()
            .filter(d -> d.get("path").asText().endsWith("m.sql"))
            .findFirst()
            .orElseThrow();
    JsonNode cols = m.get("statements").get(0).get("columns");
    assertThat(cols.toString())
        .contains("mart.m.a")
        .contains("raw.s.a")
        .contains("mart.m.b")
        .doesNotContain("*");
  }

  @Test
  void shouldReportBinaryAndInvalidUtf8FilesAndStillProcessTheOthers() throws Exception {
    Files.write(dir.resolve("bin.sql"), new byte[] {0, 1, 2, 3, 'S', 0});
    Files.write(dir.resolve("bad.sql"), new byte[] {'S', 'E', (byte) 0xC3, (byte) 0x28});
    Files.writeString(dir.resolve("good.sql"), "SELECT a FROM t");
    Run r = run("parse", "--format", "json", dir.toString());
    assertThat(r.exit).isEqualTo(1);
    List<JsonNode> docs = r.lines();
    assertThat(docs).hasSize(3);
    assertThat(docs.stream().filter(d -> d.has("error")).count()).isEqualTo(2);
    JsonNode good =
        docs.stream()
            .filter(d -> d.get("path").asText().endsWith("good.sql"))
            .findFirst()
            .orElseThrow();
    assertThat(good.get("statements").get(0).get("sources").get(0).asText()).isEqualTo("t");
  }

  @Test
  void shouldFailWithOneLineForMissingPathOrUnknownDialect() {
    Run missing = run("parse", dir.resolve("nope.sql").toString());
    assertThat(missing.exit).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err.strip())
        .startsWith("lineage: no such file")
        .doesNotContain("\n")
        .doesNotContain("Exception");
    Run dialect = run("parse", "--dialect", "klingon", dir.toString());
    assertThat(dialect.exit).isEqualTo(2);
    assertThat(dialect.err).contains("unknown --dialect");
    Run noArgs = run("parse");
    assertThat(noArgs.exit).isEqualTo(2);
  }

  @Test
  void shouldPrintReadableTextAndHandleBomCrlfAndEmptyFiles() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body =
        "-- header\r\nINSERT INTO x SELECT y FROM z;\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, bom.length);
    System.arraycopy(body, 0, all, bom.length, body.length);
    Files.write(dir.resolve("bom.sql"), all);
    Files.writeString(dir.resolve("empty.sql"), "");
    Files.writeString(dir.resolve("comments.sql"), "-- only\n/* comments; here */\n");
    Run r = run("parse", "--dialect", "postgres", dir.toString());
    assertThat(r.exit).isZero();
    assertThat(r.out)
        .contains("#0 line 2 INSERT")
        .contains("reads:  z")
        .contains("writes: x")
        .contains("x.y <- z.y");
    assertThat(r.out)
        .contains("empty.sql  (0 statements, 0 errors)")
        .contains("comments.sql  (0 statements, 0 errors)");
  }
}
