package io.github.lineage.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The jar this module packages (after the package phase): what it carries and how it runs. */
class ServiceJarIT {

  private static final Path JAR = Path.of("target", "lineage-service.jar");

  @Test
  void shouldCarryNoEmbeddedServerNorTheBenchmark() throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        names.add(e.nextElement().getName());
      }
    }
    assertThat(names)
        .contains(
            "io/github/lineage/cli/LineageCli.class",
            "org/neo4j/driver/Driver.class",
            "org/apache/kafka/streams/KafkaStreams.class");
    assertThat(names)
        .noneMatch(
            n ->
                n.startsWith("kafka/server/")
                    || n.startsWith("org/apache/kafka/raft/")
                    || n.startsWith("org/neo4j/kernel/")
                    || n.startsWith("org/neo4j/graphdb/")
                    || n.startsWith("io/github/lineage/local/")
                    || n.startsWith("io/github/lineage/bench/")
                    || n.startsWith("scala/")
                    || n.startsWith("org/openjdk/jmh/"));
    assertThat(Files.size(JAR)).as("bytes").isLessThan(100L * 1024 * 1024);
  }

  @Test
  void shouldListTheServiceCommandsAndExplainTheLocalOnes() throws Exception {
    Result help = run("--help");
    assertThat(help.exit).isZero();
    assertThat(help.out)
        .contains("watch", "parse-streams", "sink", "dlq")
        .doesNotContain("  local ", "  bench ");

    Result local = run("local", "examples/warehouse", "--once");
    assertThat(local.exit).isEqualTo(2);
    assertThat(local.out).contains("service build").doesNotContain("Exception", "\tat ");

    assertThat(run("sink", "--help").exit).isZero();
  }

  private record Result(int exit, String out) {}

  private static Result run(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out);
  }
}
