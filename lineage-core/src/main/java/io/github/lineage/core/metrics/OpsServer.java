package io.github.lineage.core.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints every process serves: {@code GET /metrics} (Prometheus text), {@code GET
 * /health} (liveness: 503 once a registered {@link StageStatus} has {@link StageStatus.State#FAILED
 * failed} for good) and {@code GET /ready} (200 only while every registered stage is running and
 * every {@link ReadinessCheck} passes, else 503 naming the failing ones).
 */
public final class OpsServer implements AutoCloseable {

  public static final int DEFAULT_PORT = 8000;
  public static final String ENV_PORT = "METRICS_PORT";
  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;
  private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();
  private final List<StageStatus> stages = new CopyOnWriteArrayList<>();

  private OpsServer(HttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
    // Two threads: a slow readiness probe must not block a scrape.
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "ops-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/metrics", this::metrics);
    server.createContext("/health", this::health);
    server.createContext("/ready", this::ready);
  }

  /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
  public static OpsServer start(String host, int port, PrometheusMeterRegistry registry)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
    OpsServer ops = new OpsServer(http, registry);
    http.start();
    LOG.info("serving /metrics /health /ready on {}:{}", host, ops.port());
    return ops;
  }

  public OpsServer addReadinessCheck(ReadinessCheck check) {
    checks.add(check);
    return this;
  }

  public OpsServer addStage(StageStatus stage) {
    stages.add(stage);
    // A stage that is not running is what an alert should see, not only a probe.
    Gauge.builder(
            MetricNames.STAGE_RUNNING,
            stage,
            s -> s.state() == StageStatus.State.RUNNING ? 1.0 : 0.0)
        .tag(MetricNames.TAG_STAGE, stage.name())
        .description("1 while the stage runs; 0 while it starts or once it failed")
        .strongReference(true)
        .register(registry);
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void metrics(HttpExchange exchange) throws IOException {
    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
  }

  private void health(HttpExchange exchange) throws IOException {
    StringBuilder failed = new StringBuilder();
    for (StageStatus stage : stages) {
      if (stateOf(stage) == StageStatus.State.FAILED) {
        append(failed, stage.name());
      }
    }
    if (failed.length() == 0) {
      respond(exchange, 200, "application/json", "{\"status\": \"healthy\"}");
    } else {
      respond(
          exchange,
          503,
          "application/json",
          "{\"status\": \"failed\", \"failed\": [\"" + failed + "\"]}");
    }
  }

  private static StageStatus.State stateOf(StageStatus stage) {
    try {
      return stage.state();
    } catch (RuntimeException e) {
      return StageStatus.State.STARTING;
    }
  }

  private static void append(StringBuilder list, String name) {
    if (list.length() > 0) {
      list.append("\", \"");
    }
    list.append(name);
  }

  private void ready(HttpExchange exchange) throws IOException {
    StringBuilder failing = new StringBuilder();
    for (StageStatus stage : stages) {
      if (stateOf(stage) != StageStatus.State.RUNNING) {
        append(failing, stage.name());
      }
    }
    for (ReadinessCheck check : checks) {
      boolean ok;
      try {
        ok = check.isReady();
      } catch (RuntimeException e) {
        ok = false;
      }
      if (!ok) {
        append(failing, check.name());
      }
    }
    if (failing.length() == 0) {
      respond(exchange, 200, "application/json", "{\"status\": \"ready\"}");
    } else {
      respond(
          exchange,
          503,
          "application/json",
          "{\"status\": \"not ready\", \"failing\": [\"" + failing + "\"]}");
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
