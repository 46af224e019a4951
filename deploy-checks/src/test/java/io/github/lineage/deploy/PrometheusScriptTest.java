package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/prometheus.sh start/stop: a real Prometheus on loopback with the shipped rules loaded.
 */
class PrometheusScriptTest {

  @TempDir Path work;

  private int port;

  @AfterEach
  void stop() {
    if (port != 0) {
      script("stop", String.valueOf(port));
    }
  }

  @Test
  void shouldStartPrometheusOnLoopbackWithTheShippedRulesAndStopIt() throws Exception {
    ExternalTool.require("prometheus", "install it with scripts/prometheus.sh install");
    port = freePort();
    // The shipped config with no scrape targets: only the rules matter here.
    Path config = work.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          evaluation_interval: 1s
        rule_files:
          - %s
        """
            .formatted(RepoFiles.path(PrometheusFilesTest.RULES)));

    ExternalTool.Result started = script("start", config.toString(), String.valueOf(port));

    assertThat(started.exitCode()).as(started.output()).isZero();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String rules =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/rules"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(rules)
        .contains(
            "LineageParseCacheHitRateLow",
            "LineageErrorRateHigh",
            "LineageQueueSizeHigh",
            "LineageThroughputDrop");
    assertThat(
            Files.isDirectory(work.resolve("state").resolve(String.valueOf(port)).resolve("data")))
        .isTrue();

    ExternalTool.Result stopped = script("stop", String.valueOf(port));

    assertThat(stopped.exitCode()).as(stopped.output()).isZero();
    assertThat(Files.exists(work.resolve("state").resolve(String.valueOf(port)).resolve("pid")))
        .isFalse();
    port = 0;
  }

  @Test
  void shouldRefuseAMissingConfigWithAClearMessage() {
    ExternalTool.require("prometheus", "install it with scripts/prometheus.sh install");

    ExternalTool.Result result = script("start", work.resolve("nope.yml").toString(), "9");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("no such config file");
  }

  private ExternalTool.Result script(String... args) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("bash", RepoFiles.path("scripts/prometheus.sh").toString()));
    command.addAll(List.of(args));
    return ExternalTool.exec(
        command,
        Map.of("PROMETHEUS_WORK", work.resolve("state").toString()),
        Duration.ofMinutes(1));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
