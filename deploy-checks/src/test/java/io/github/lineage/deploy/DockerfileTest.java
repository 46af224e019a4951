package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.metrics.OpsServer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Dockerfile and .dockerignore, read as text (no Docker engine here to build them). */
class DockerfileTest {

  private final String dockerfile = RepoFiles.read("Dockerfile");

  @Test
  void shouldCopyEveryModuleOfTheReactorIntoTheBuildStage() {
    // The reactor reads every module's pom even when building one jar: a module missing here
    // breaks `docker build` only, which no test here can run.
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(RepoFiles.read("pom.xml"));
    List<String> missing = new ArrayList<>();
    while (m.find()) {
      if (!Pattern.compile("(?m)^COPY " + Pattern.quote(m.group(1)) + " ")
          .matcher(dockerfile)
          .find()) {
        missing.add(m.group(1));
      }
    }
    assertThat(missing).as("modules not copied into the build stage").isEmpty();
    // The image carries the service jar: no embedded Kafka broker or Neo4j server
    // (lineage-service).
    assertThat(dockerfile)
        .contains(
            "./mvnw", "-pl lineage-service -am", "lineage-service/target/lineage-service.jar");
  }

  @Test
  void shouldRunTheOneJarOnAJreAsANonRootUser() {
    List<String> stages =
        Pattern.compile("(?m)^FROM (\\S+)")
            .matcher(dockerfile)
            .results()
            .map(r -> r.group(1))
            .toList();
    assertThat(stages).hasSize(2);
    assertThat(stages.get(0)).startsWith("eclipse-temurin:17-jdk");
    assertThat(stages.get(1)).startsWith("eclipse-temurin:17-jre");
    String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
    assertThat(runtime)
        .containsPattern("(?m)^USER 10001")
        .contains("EXPOSE " + OpsServer.DEFAULT_PORT)
        .containsPattern("(?s)HEALTHCHECK .*?/health")
        .contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/lineage/lineage.jar\"]")
        .contains("MaxRAMPercentage", "ExitOnOutOfMemoryError");
  }

  @Test
  void shouldKeepBuildOutputAndLocalStateOutOfTheBuildContext() {
    List<String> ignored =
        RepoFiles.read(".dockerignore")
            .lines()
            .map(String::trim)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(ignored).contains("**/target", ".git", ".lineage", ".ci-work", "**/node_modules");
    // What the build needs must stay in the context.
    assertThat(ignored)
        .doesNotContain("pom.xml", "mvnw", ".mvn", "lineage-cli", "examples", "deploy");
  }
}
