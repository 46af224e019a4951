package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on the embedded servers, driven through files on disk. */
class LocalPipelineIT {

  private static final EnvReader ENV = new EnvReader(Map.of("DEBOUNCE_WINDOW_SECONDS", "0.5"));

  @Test
  void shouldKeepTheGraphEqualToTheFilesThroughCreateEditRenameAndDelete(@TempDir Path tmp)
      throws Exception {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    Files.writeString(root.resolve("a.sql"), "INSERT INTO mart.a (x) SELECT s.x FROM raw.s s;");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(
        root.resolve("sub/b.sql"),
        "CREATE TABLE mart.b AS SELECT a.x FROM mart.a a JOIN raw.t t ON a.x = t.x;");
    Files.writeString(root.resolve("notes.txt"), "not sql: INSERT INTO nope SELECT * FROM nada");

    try (LocalPipeline pipeline = start(root, tmp.resolve("home"), StaticFlags.allOn())) {
      assertThat(pipeline.awaitGraphCurrent(Duration.ofSeconds(60), Duration.ofSeconds(30)))
          .isEmpty();
      assertThat(PipelineGraph.of(pipeline.driver()).edgesOfType("FEEDS"))
          .containsExactlyInAnyOrder(
              "raw.s -FEEDS-> mart.a [wh:a.sql]",
              "mart.a -FEEDS-> mart.b [wh:sub/b.sql]",
              "raw.t -FEEDS-> mart.b [wh:sub/b.sql]");

      Files.writeString(root.resolve("a.sql"), "INSERT INTO mart.a (x) SELECT u.x FROM raw.u u;");
      awaitEdges(
          pipeline,
          "raw.u -FEEDS-> mart.a [wh:a.sql]",
          "mart.a -FEEDS-> mart.b [wh:sub/b.sql]",
          "raw.t -FEEDS-> mart.b [wh:sub/b.sql]");

      Files.move(root.resolve("sub/b.sql"), root.resolve("b_renamed.sql"));
      awaitEdges(
          pipeline,
          "raw.u -FEEDS-> mart.a [wh:a.sql]",
          "mart.a -FEEDS-> mart.b [wh:b_renamed.sql]",
          "raw.t -FEEDS-> mart.b [wh:b_renamed.sql]");

      Files.delete(root.resolve("b_renamed.sql"));
      awaitEdges(pipeline, "raw.u -FEEDS-> mart.a [wh:a.sql]");
      PipelineGraph graph = PipelineGraph.of(pipeline.driver());
      assertThat(graph.nodes())
          .noneMatch(
              n ->
                  n.startsWith("Table:mart.b")
                      || n.startsWith("Table:raw.t")
                      || n.startsWith("Table:raw.s")
                      || n.startsWith("File:wh:b_renamed.sql"));
      assertThat(graph.nodes()).noneMatch(n -> n.contains("notes.txt"));
    }
  }

  @Test
  void shouldBuildTheSameGraphWithAllFlagsOffAsWithAllFlagsOn(@TempDir Path tmp) throws Exception {
    Path examples = Path.of("..", "examples", "warehouse").toAbsolutePath().normalize();
    assertThat(examples).isDirectory();
    PipelineGraph off;
    try (LocalPipeline pipeline = start(examples, tmp.resolve("off"), StaticFlags.allOff())) {
      assertThat(pipeline.awaitGraphCurrent(Duration.ofMinutes(3), Duration.ofSeconds(60)))
          .isEmpty();
      off = PipelineGraph.of(pipeline.driver());
    }
    PipelineGraph on;
    try (LocalPipeline pipeline = start(examples, tmp.resolve("on"), StaticFlags.allOn())) {
      assertThat(pipeline.awaitGraphCurrent(Duration.ofMinutes(3), Duration.ofSeconds(60)))
          .isEmpty();
      on = PipelineGraph.of(pipeline.driver());
    }
    assertThat(off.edgesOfType("FEEDS")).hasSizeGreaterThan(20);
    assertThat(off.edgesOfType("DERIVES")).hasSizeGreaterThan(20);
    assertThat(on.nodes()).isEqualTo(off.nodes());
    assertThat(on.edges()).isEqualTo(off.edges());
  }

  @Test
  void shouldDeadLetterADocumentTooLargeForARecordAndNotWaitForIt(@TempDir Path tmp)
      throws Exception {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      many.append("INSERT INTO mart.wide_")
          .append(i % 40)
          .append(" (a, b) SELECT x.a, x.b FROM raw.src_")
          .append(i)
          .append(" x;\n");
    }
    Files.writeString(root.resolve("many.sql"), many);
    Files.writeString(
        root.resolve("small.sql"), "INSERT INTO mart.small (x) SELECT s.x FROM raw.small s;");
    // The file is accepted; its document (10,000 statements with their column edges) is larger than
    // the records these limits allow.
    EnvReader env = ENV.with(Map.of("MAX_FILE_BYTES", Integer.toString(many.length() + 1)));

    try (LocalPipeline pipeline = start(root, tmp.resolve("home"), StaticFlags.allOn(), env)) {
      assertThat(pipeline.awaitGraphCurrent(Duration.ofMinutes(3), Duration.ofSeconds(60)))
          .containsExactly(Map.entry("wh:many.sql", "dead-lettered (too_large)"));
      assertThat(PipelineGraph.of(pipeline.driver()).edgesOfType("FEEDS"))
          .containsExactly("raw.small -FEEDS-> mart.small [wh:small.sql]");
    }
  }

  private static LocalPipeline start(Path root, Path home, StaticFlags flags) {
    return start(root, home, flags, ENV);
  }

  private static LocalPipeline start(Path root, Path home, StaticFlags flags, EnvReader env) {
    return LocalPipeline.start(
        new LocalPipeline.Options(root, new LineageHome(home), 0, 0, true),
        env,
        flags,
        LineageEngine.defaults(),
        new SimpleMeterRegistry());
  }

  private static void awaitEdges(LocalPipeline pipeline, String... expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(PipelineGraph.of(pipeline.driver()).edgesOfType("FEEDS"))
                    .containsExactlyInAnyOrder(expected));
  }
}
