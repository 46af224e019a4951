package io.github.lineage.cli;

import static io.github.lineage.cli.CliRunner.lineage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.bench.corpus.CorpusGenerator;
import io.github.lineage.bench.corpus.GeneratedFile;
import io.github.lineage.local.EmbeddedNeo4j;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;

/** The {@code lineage} command as a user types it: exit codes, output, and a crash mid-ingest. */
class CliEndToEndIT {

  @Test
  void shouldIngestOnceThenAnswerQueriesFromTheEmbeddedStore(@TempDir Path tmp) throws IOException {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    Files.writeString(root.resolve("a.sql"), "INSERT INTO mart.a (x) SELECT s.x FROM raw.s s;");
    Files.writeString(
        root.resolve("b.sql"), "CREATE TABLE rpt.b AS SELECT a.x AS y FROM mart.a a;");
    String home = tmp.resolve("home").toString();

    CliRunner.Run local =
        lineage(
            "local",
            root.toString(),
            "--once",
            "--kafka-port",
            "0",
            "--neo4j-port",
            "0",
            "--metrics-port",
            "-1",
            "--home",
            home);
    assertThat(local.exitCode()).as(local.err()).isZero();
    assertThat(local.out()).contains("2 files found").contains("graph current");

    CliRunner.Run upstream =
        lineage("query", "upstream", "RPT.B", "--format", "json", "--home", home);
    assertThat(upstream.exitCode()).as(upstream.err()).isZero();
    assertThat(upstream.out()).contains("\"name\":\"mart.a\"").contains("\"name\":\"raw.s\"");

    CliRunner.Run columns = lineage("query", "upstream", "rpt.b.y", "--columns", "--home", home);
    assertThat(columns.exitCode()).as(columns.err()).isZero();
    assertThat(columns.out()).contains("mart.a.x").contains("raw.s.x");

    CliRunner.Run files = lineage("query", "files", "mart.a", "--home", home);
    assertThat(files.out()).contains("written by: wh:a.sql").contains("read by:    wh:b.sql");
    assertThat(files.err()).as("which graph answered").contains("answered by embedded store");

    // A server named on the command line (or in NEO4J_URI) that does not answer is an error, even
    // with a store at hand: never an answer from another graph than the one asked for.
    CliRunner.Run named =
        lineage(
            "query",
            "files",
            "mart.a",
            "--home",
            home,
            "--neo4j-uri",
            "bolt://127.0.0.1:" + freePort());
    assertThat(named.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(named.out()).isEmpty();
    assertThat(named.err().strip()).contains("cannot be reached").doesNotContain("\n");
    CliRunner.Run unresolvable =
        lineage(
            "query",
            "files",
            "mart.a",
            "--home",
            home,
            "--neo4j-uri",
            "bolt://no-such-host.invalid:7687");
    assertThat(unresolvable.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(unresolvable.out()).isEmpty();
  }

  @Test
  void shouldFailWithOneClearLineOnUserMistakes(@TempDir Path tmp) {
    CliRunner.Run missingDir = lineage("local", tmp.resolve("nope").toString(), "--once");
    assertThat(missingDir.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missingDir.err().strip())
        .startsWith("lineage: not a directory")
        .doesNotContain("\n");

    CliRunner.Run noStore =
        lineage("query", "upstream", "x.y", "--home", tmp.resolve("empty").toString());
    assertThat(noStore.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(noStore.err().strip())
        .startsWith("lineage: nothing listens at")
        .doesNotContain("\n");

    CliRunner.Run badDepth =
        lineage("query", "upstream", "x.y", "--depth", "0", "--home", tmp.toString());
    assertThat(badDepth.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  /**
   * A real crash: the pipeline runs in a child JVM from the shaded jar and is killed with SIGKILL
   * mid-ingest; files change while it is down; a second run must converge to exactly the files on
   * disk, with no duplicate edges.
   */
  @Test
  void shouldConvergeWithoutDuplicatesAfterTheProcessIsKilledMidIngest(@TempDir Path tmp)
      throws Exception {
    Path jar = Path.of("target", "lineage.jar").toAbsolutePath();
    assertThat(jar).as("the shaded jar is built in the package phase").exists();
    Path root = Files.createDirectories(tmp.resolve("corpus"));
    List<GeneratedFile> corpus = new CorpusGenerator(7).generate(300);
    CorpusGenerator.writeTo(root, corpus);
    Path home = tmp.resolve("home");
    int neo4jPort = freePort();

    Process first =
        java(
                jar,
                "local",
                root.toString(),
                "--kafka-port",
                Integer.toString(freePort()),
                "--neo4j-port",
                Integer.toString(neo4jPort),
                "--metrics-port",
                "-1",
                "--home",
                home.toString())
            .redirectOutput(tmp.resolve("first.out").toFile())
            .redirectError(tmp.resolve("first.err").toFile())
            .start();
    try (Driver driver = Neo4jConnections.open("bolt://127.0.0.1:" + neo4jPort)) {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(
              () ->
                  driver
                          .executableQuery("MATCH (f:File) RETURN count(f) AS n")
                          .execute()
                          .records()
                          .get(0)
                          .get("n")
                          .asLong()
                      >= 20);
    } finally {
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    // Changes while the pipeline is down: one edit, one delete, one new file.
    Files.writeString(
        root.resolve(corpus.get(0).path()),
        "INSERT INTO mart.crash_edit (x) SELECT r.x FROM raw.after_crash r;");
    Files.delete(root.resolve(corpus.get(1).path()));
    Files.writeString(
        root.resolve("added_while_down.sql"),
        "CREATE VIEW mart.added AS SELECT z FROM raw.z_source;");

    Process second =
        java(
                jar,
                "local",
                root.toString(),
                "--once",
                "--kafka-port",
                "0",
                "--neo4j-port",
                "0",
                "--metrics-port",
                "-1",
                "--home",
                home.toString())
            .redirectOutput(tmp.resolve("second.out").toFile())
            .redirectError(tmp.resolve("second.err").toFile())
            .start();
    assertThat(second.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(second.exitValue()).as(Files.readString(tmp.resolve("second.err"))).isZero();

    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home.resolve("neo4j"), 0);
        Driver driver = Neo4jConnections.open(neo4j.boltUri())) {
      long files =
          driver
              .executableQuery("MATCH (f:File) RETURN count(f) AS n")
              .execute()
              .records()
              .get(0)
              .get("n")
              .asLong();
      assertThat(files).isEqualTo(300);
      long duplicates =
          driver
              .executableQuery(
                  """
          MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.file AS file, r.kind AS kind, count(*) AS n
          WHERE n > 1 RETURN count(*) AS d""")
              .execute()
              .records()
              .get(0)
              .get("d")
              .asLong();
      assertThat(duplicates)
          .as(
              "duplicated edges by type: "
                  + driver
                      .executableQuery(
                          "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.file AS file, r.kind AS kind,"
                              + " count(*) AS n WHERE n > 1 RETURN t, count(*) AS d")
                      .execute()
                      .records()
                      .stream()
                      .map(r -> r.get("t").asString() + "=" + r.get("d").asLong())
                      .toList())
          .isZero();
      PipelineGraph graph = PipelineGraph.of(driver);
      assertThat(graph.edges())
          .contains(
              "raw.after_crash -FEEDS-> mart.crash_edit [corpus:" + corpus.get(0).path() + "]",
              "raw.z_source -FEEDS-> mart.added [corpus:added_while_down.sql]");
      assertThat(graph.nodes()).doesNotContain("File:corpus:" + corpus.get(1).path());
    }
  }

  private static ProcessBuilder java(Path jar, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
