package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class VersionOptionTest {

  private static final Pattern FIRST_LINE =
      Pattern.compile("lineage (\\S+) \\(commit ([0-9a-f]{12})(-dirty)?\\)");

  @Test
  void shouldPrintTheBuildsVersionAndTheCommitItWasBuiltFrom() throws Exception {
    String head = head();
    var run = CliRunner.lineage("--version");
    assertThat(run.exitCode()).isZero();
    String first = run.out().lines().findFirst().orElse("");
    Matcher m = FIRST_LINE.matcher(first);
    assertThat(m.matches()).as(first).isTrue();
    assertThat(m.group(1)).isEqualTo(System.getProperty("lineage.expected.version"));
    assertThat(m.group(2)).isEqualTo(head);
    assertThat(run.out()).contains("Kafka client 4.");
  }

  /** The commit checked out here: the build that ran these tests was made from it. */
  private static String head() throws IOException, InterruptedException {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    // A source tree without .git builds with commit unknown; the line then cannot match.
    Assumptions.assumeTrue(Files.exists(repo.resolve(".git")), "not a git checkout");
    Process git =
        new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).as(out).isZero();
    return out;
  }
}
