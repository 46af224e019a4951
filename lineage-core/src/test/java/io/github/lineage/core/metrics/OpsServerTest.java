package io.github.lineage.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OpsServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyIsUnavailableUntilEveryStageRunsAndHealthFailsOnceAStageFailed() throws Exception {
    AtomicReference<StageStatus.State> parser = new AtomicReference<>(StageStatus.State.STARTING);
    try (OpsServer ops =
        OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      ops.addStage(StageStatus.of("parser", parser::get));

      assertThat(status(ops, "/ready")).isEqualTo(503);
      assertThat(status(ops, "/health")).isEqualTo(200);

      parser.set(StageStatus.State.RUNNING);
      assertThat(status(ops, "/ready")).isEqualTo(200);
      assertThat(status(ops, "/health")).isEqualTo(200);

      parser.set(StageStatus.State.FAILED);
      assertThat(status(ops, "/ready")).isEqualTo(503);
      assertThat(status(ops, "/health")).isEqualTo(503);
    }
  }

  @Test
  void aFailingReadinessCheckKeepsTheProcessUnreadyButAlive() throws Exception {
    try (OpsServer ops =
        OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      ops.addStage(StageStatus.of("sink", () -> StageStatus.State.RUNNING));
      ops.addReadinessCheck(ReadinessCheck.of("neo4j", () -> false));

      assertThat(status(ops, "/ready")).isEqualTo(503);
      assertThat(status(ops, "/health")).isEqualTo(200);
    }
  }

  @Test
  void metricsShowEachStageRunningOrNot() throws Exception {
    AtomicReference<StageStatus.State> parser = new AtomicReference<>(StageStatus.State.STARTING);
    try (OpsServer ops =
        OpsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      ops.addStage(StageStatus.of("parser", parser::get));
      ops.addStage(StageStatus.of("sink", () -> StageStatus.State.RUNNING));
      assertThat(body(ops, "/metrics"))
          .contains("stage_running{stage=\"parser\"} 0.0", "stage_running{stage=\"sink\"} 1.0");
      parser.set(StageStatus.State.RUNNING);
      assertThat(body(ops, "/metrics")).contains("stage_running{stage=\"parser\"} 1.0");
      parser.set(StageStatus.State.FAILED);
      assertThat(body(ops, "/metrics")).contains("stage_running{stage=\"parser\"} 0.0");
    }
  }

  private String body(OpsServer ops, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private int status(OpsServer ops, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
