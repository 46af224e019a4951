package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./lineage} launcher: for {@code query} it keeps a class-data-sharing
 * archive beside the jar (docs/api.md), written by the first call and reused by the next, without
 * changing the command's output or exit code. The script runs from a copy whose jar is a link to
 * the built one, so it never sees sources newer than the jar and never starts a build.
 */
class LauncherScriptIT {

  private static final String UNREACHABLE = "bolt://127.0.0.1:1";

  @TempDir Path checkout;
  private Path script;
  private Path target;

  @BeforeEach
  void copyTheLauncher() throws IOException {
    Path jar = Path.of("target", "lineage.jar").toAbsolutePath();
    assertThat(jar).as("the shaded jar is built in the package phase").exists();
    script = checkout.resolve("lineage");
    Files.copy(Path.of("..", "lineage"), script);
    assertThat(script.toFile().setExecutable(true)).isTrue();
    target = Files.createDirectories(checkout.resolve("lineage-cli/target"));
    Files.createSymbolicLink(target.resolve("lineage.jar"), jar);
  }

  @Test
  void firstQueryWritesTheArchiveKeepsItsExitCodeAndTheNextQueryReusesIt() throws Exception {
    Run first = run(Map.of());
    assertThat(first.exitCode()).as(first.stderr()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(first.stdout()).isEmpty();
    List<Path> archives = archives();
    assertThat(archives).hasSize(1);
    assertThat(archives.get(0).getFileName().toString()).matches("lineage-query-\\d+\\.jsa");
    FileTime written = Files.getLastModifiedTime(archives.get(0));

    Run second = run(Map.of());
    assertThat(second.exitCode()).as(second.stderr()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(second.stdout()).as("nothing of class-data sharing on stdout").isEmpty();
    assertThat(second.stderr()).isEqualTo(first.stderr());
    assertThat(archives()).containsExactlyElementsOf(archives);
    assertThat(Files.getLastModifiedTime(archives.get(0))).isEqualTo(written);
  }

  @Test
  void archiveIsLeftOutWhenTurnedOff() throws Exception {
    Run run = run(Map.of("LINEAGE_QUICK_START", "off"));
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(archives()).isEmpty();
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().contains(".jsa")).sorted().toList();
    }
  }

  private Run run(Map<String, String> env) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            script.toString(), "query", "upstream", "raw.trades", "--neo4j-uri", UNREACHABLE);
    Path javaBin = Path.of(System.getProperty("java.home"), "bin");
    builder.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
    builder.environment().put("LINEAGE_HOME", checkout.resolve(".lineage").toString());
    builder.environment().remove("NEO4J_URI");
    builder.environment().putAll(env);
    Path out = checkout.resolve("out.txt");
    Path err = checkout.resolve("err.txt");
    Process process =
        builder
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .directory(checkout.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Run(int exitCode, String stdout, String stderr) {}
}
