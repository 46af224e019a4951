package io.github.lineage.cli;

import static io.github.lineage.cli.CliRunner.lineage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.kafka.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API as users meet it, from the shaded jar in child processes: {@code lineage local} serves it
 * and leaves its address in the home, {@code lineage query} and {@code lineage impact} ask it, and
 * {@code lineage serve} serves the store that local left behind.
 */
class ApiCommandsIT {

  @Test
  void shouldServeTheGraphOfARunningPipelineToQueryAndImpactAndThenFromServe(@TempDir Path tmp)
      throws Exception {
    Path jar = Path.of("target", "lineage.jar").toAbsolutePath();
    assertThat(jar).as("the shaded jar is built in the package phase").exists();
    Path root =
        ImpactCommandTest.tree(
            Files.createDirectories(tmp.resolve("wh")), ImpactCommandTest.BEFORE);
    Path home = tmp.resolve("home");
    Path address = home.resolve("api.json");

    Process local =
        java(
                jar,
                "local",
                root.toString(),
                "--kafka-port",
                "0",
                "--neo4j-port",
                "0",
                "--metrics-port",
                "-1",
                "--api-port",
                "0",
                "--home",
                home.toString())
            .redirectOutput(tmp.resolve("local.out").toFile())
            .redirectError(tmp.resolve("local.err").toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> Files.exists(address));
      URI api = URI.create(Json.MAPPER.readTree(address.toFile()).path("url").asText());
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  get(api, "api/upstream?name=rpt.risk&depth=5").statusCode() == 200
                      && Json.MAPPER
                              .readTree(get(api, "api/upstream?name=rpt.risk&depth=5").body())
                              .path("nodes")
                              .size()
                          == 3);
      assertThat(Files.readString(tmp.resolve("local.out"))).contains("explorer and API on " + api);

      CliRunner.Run query =
          lineage("query", "upstream", "rpt.risk", "--format", "json", "--home", home.toString());
      assertThat(query.exitCode()).as(query.err()).isZero();
      assertThat(query.out().strip())
          .isEqualTo(get(api, "api/upstream?name=rpt.risk&depth=5&limit=1000").body());
      // The running pipeline holds the store's lock: only its API can have answered, and the error
      // names it.
      CliRunner.Run unknown = lineage("query", "files", "no.such", "--home", home.toString());
      assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(unknown.err()).contains("(lineage API " + api + ")");

      Path after =
          ImpactCommandTest.tree(
              tmp.resolve("after"),
              ImpactCommandTest.with("marts/positions.sql", ImpactCommandTest.DROPPED_COLUMN));
      CliRunner.Run impact =
          lineage(
              "impact",
              "--before",
              root.toString(),
              "--after",
              after.toString(),
              "--source",
              "wh",
              "--home",
              home.toString(),
              "--format",
              "json");
      assertThat(impact.exitCode()).as(impact.err()).isEqualTo(3);
      JsonNode report = Json.MAPPER.readTree(impact.out());
      assertThat(report.path("graph").asText()).isEqualTo("lineage API " + api);
      assertThat(report.path("broken").get(0).path("reader").asText())
          .isEqualTo("rpt.risk.exposure");
      assertThat(report.path("broken").get(0).path("file").asText())
          .isEqualTo("wh:reports/risk.sql");
    } finally {
      local.destroy();
      assertThat(local.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(address).as("removed on a clean stop").doesNotExist();

    int port = freePort();
    // No Neo4j address given and none at the default one: serve opens the store lineage local left.
    Process serve =
        java(
                jar,
                "serve",
                "--home",
                home.toString(),
                "--port",
                Integer.toString(port),
                "--host",
                "127.0.0.1")
            .redirectOutput(tmp.resolve("serve.out").toFile())
            .redirectError(tmp.resolve("serve.err").toFile())
            .start();
    try {
      URI api = URI.create("http://127.0.0.1:" + port + "/");
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(() -> get(api, "api/info").statusCode() == 200);
      assertThat(Json.MAPPER.readTree(get(api, "api/info").body()).path("graph").asText())
          .startsWith("embedded store");
      assertThat(get(api, "").body()).contains("lineage explorer");
      assertThat(address).as("serve holds the embedded store: queries must ask it").exists();
      CliRunner.Run files = lineage("query", "files", "mart.positions", "--home", home.toString());
      assertThat(files.out())
          .contains("written by: wh:marts/positions.sql", "read by:    wh:reports/risk.sql");
    } finally {
      serve.destroy();
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void shouldRefuseAPortInUseWithOneLine(@TempDir Path tmp) throws IOException {
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRunner.Run run =
          lineage(
              "serve",
              "--home",
              tmp.toString(),
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(busy.getLocalPort()),
              "--neo4j-uri",
              "bolt://127.0.0.1:" + freePort());
      // Nothing listens at the URI given: that is said first, before any port is bound.
      assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(run.err().strip())
          .startsWith("lineage: Neo4j at bolt://127.0.0.1:")
          .contains("cannot be reached")
          .doesNotContain("\n");
    }
  }

  private static HttpResponse<String> get(URI base, String path)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
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
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeAll(List.of("NEO4J_URI", "API_PORT", "LINEAGE_HOME"));
    return builder;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
