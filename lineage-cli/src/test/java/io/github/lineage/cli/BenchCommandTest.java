package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad options are one clear line and exit 2, before any server starts or any file is written. */
class BenchCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = LineageCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shouldRejectAnEmptyCorpusWithOneLine() {
    assertThat(run("bench", "--files", "0")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualToIgnoringNewLines("lineage: --files must be at least 1, got 0");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldRejectARepeatRatioOutsideZeroToOne() {
    assertThat(run("bench", "--repeat-ratio", "1.5")).isEqualTo(2);
    assertThat(err.toString()).contains("--repeat-ratio must be within [0, 1]");
  }

  @Test
  void shouldRejectAnOutFileInAMissingDirectoryAndLeaveNoWorkDirectory(@TempDir Path tmp)
      throws Exception {
    assertThat(
            run(
                "bench",
                "--work-dir",
                tmp.toString(),
                "--out",
                tmp.resolve("no/such/r.json").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("directory of --out does not exist");
    try (var left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void shouldRejectAMemoryRunWhoseSinkWouldWriteMoreDocumentsThanTheParserMakes() {
    assertThat(run("bench", "--memory", "--files", "10", "--memory-sink-files", "20")).isEqualTo(2);
    assertThat(err.toString()).contains("--memory-sink-files between 0 (no sink) and --files");
  }

  @Test
  void shouldRejectASqlglotDirectoryWithoutItsPackage(@TempDir Path tmp) {
    assertThat(run("bench", "--offline", "--sqlglot", tmp.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no sqlglot package under " + tmp);
  }
}
