package io.github.lineage.cli.observability;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (Debian's package) started and stopped through the project's own {@code
 * scripts/prometheus.sh}, with its state in a directory of the test, and its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPT = REPO.resolve("scripts/prometheus.sh");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(Path work, int port) {
    this.work = work;
    this.port = port;
  }

  /**
   * Skips the test when prometheus or promtool is missing on a developer machine; in CI ({@code
   * CI=true}) fails instead, so a green CI run really scraped.
   */
  static void requireBinaries() {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("prometheus", "promtool")) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String message = missing + " not on PATH; install with scripts/prometheus.sh install";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message + " (skipped outside CI)");
  }

  /** Starts Prometheus with {@code config} on a free loopback port; returns once it is ready. */
  static PrometheusServer start(Path config, Path work) throws IOException, InterruptedException {
    int port = freePort();
    PrometheusServer server = new PrometheusServer(work, port);
    Result result = server.script("start", config.toString(), String.valueOf(port));
    if (result.exitCode() != 0) {
      fail("scripts/prometheus.sh start failed (" + result.exitCode() + "): " + result.output());
    }
    return server;
  }

  int port() {
    return port;
  }

  /** The {@code data} of an instant query; fails on an API error (a PromQL syntax error, say). */
  JsonNode query(String expr) throws IOException, InterruptedException {
    JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError("query failed: " + expr + " -> " + body);
    }
    return body.path("data");
  }

  /**
   * The rules Prometheus loaded, as {@code /api/v1/rules} lists them (groups, rules, health,
   * query).
   */
  JsonNode rules() throws IOException, InterruptedException {
    return get("/api/v1/rules").path("data");
  }

  private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  @Override
  public void close() throws IOException {
    try {
      script("stop", String.valueOf(port));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping Prometheus", e);
    }
  }

  private record Result(int exitCode, String output) {}

  private Result script(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(work, "prometheus-sh-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("PROMETHEUS_WORK", work.resolve("state").toString());
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 90 s: " + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }

  private static boolean onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
