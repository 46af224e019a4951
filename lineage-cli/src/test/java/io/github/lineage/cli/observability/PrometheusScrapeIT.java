package io.github.lineage.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lineage.cli.LocalPipeline;
import io.github.lineage.cli.observability.PromExpressions.PanelTarget;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.FlagMetrics;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.metrics.Metrics;
import io.github.lineage.core.metrics.OpsServer;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prometheus scrapes {@code lineage local} (the pipeline on the embedded servers, wired as
 * {@code LocalCommand} wires it) while it ingests the example warehouse and while files keep
 * changing; then every dashboard panel query and every alert rule must return data.
 *
 * <p>Alert expressions are evaluated with their thresholds turned into {@code bool} comparisons
 * (see {@link PromExpressions#withoutThresholds}): the test proves the series each alert evaluates
 * exist and combine (labels match across the operands), not that it fires: whether it fires on its
 * threshold is what {@code promtool test rules} (deploy-checks) proves. The {@code offset 1h} of
 * the throughput-drop alert is shortened, as a test Prometheus has no hour of history. The results
 * are written to {@code target/prometheus-scrape-report.txt}.
 */
class PrometheusScrapeIT {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusScrapeIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DASHBOARD =
      PrometheusServer.REPO.resolve("grafana/dashboards/lineage.json");
  private static final Path RULES = PrometheusServer.REPO.resolve("prometheus/rules");
  private static final Path EXAMPLES = PrometheusServer.REPO.resolve("examples/warehouse");
  private static final Path REPORT = Path.of("target", "prometheus-scrape-report.txt");
  private static final EnvReader ENV =
      new EnvReader(
          Map.of(
              "DEBOUNCE_WINDOW_SECONDS",
              "0.2",
              "WATCH_SETTLE_MS",
              "50",
              "NEO4J_BATCH_LINGER_MS",
              "50",
              // The shipped rules, as compose and k8s run with: the guard's panels have series.
              "LINEAGE_GUARD_RULES",
              java.nio.file.Path.of("..", "deploy", "guard", "rules.yml").toString()));

  private final Map<String, String> phases = new LinkedHashMap<>();
  private final Map<String, String> results = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void shouldAnswerEveryDashboardPanelAndAlertFromALiveScrapeOfLineageLocal(@TempDir Path tmp)
      throws Exception {
    PrometheusServer.requireBinaries();
    long started = System.nanoTime();
    Path root = copyOf(EXAMPLES, tmp.resolve("warehouse"));
    Flags flags = StaticFlags.allOn();
    ScheduledExecutorService editor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "file-editor");
              t.setDaemon(true);
              return t;
            });
    // The wiring of LocalCommand: one registry with the JVM binders, the flag gauges, one ops port.
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    try (OpsServer ops = OpsServer.start("127.0.0.1", 0, registry)) {
      FlagMetrics.bind(flags, registry);
      try (LocalPipeline pipeline =
          LocalPipeline.start(
              new LocalPipeline.Options(root, new LineageHome(tmp.resolve("home")), 0, 0, true),
              ENV,
              flags,
              LineageEngine.defaults(),
              registry,
              ops)) {
        try (PrometheusServer prometheus =
            PrometheusServer.start(writeConfig(tmp, ops.port()), tmp)) {
          phases.put("pipeline and Prometheus started", elapsed(started));
          assertThat(pipeline.awaitGraphCurrent(Duration.ofMinutes(3), Duration.ofSeconds(60)))
              .isEmpty();
          phases.put("example ingested", elapsed(started));
          // Keep every rate above zero: edits that alternate two contents are parsed (misses),
          // then served from the parse cache (hits), and written to the graph.
          editor.scheduleWithFixedDelay(new Editor(root), 0, 300, TimeUnit.MILLISECONDS);
          assertThat(get(ops.port(), "/ready").statusCode()).isEqualTo(200);

          checkLiveMetrics(ops.port());
          phases.put("live /metrics checked", elapsed(started));
          checkEverythingAnswers(prometheus);
          phases.put("every query answered", elapsed(started));
        } finally {
          editor.shutdownNow();
          writeReport();
        }
      }
    } finally {
      registry.close();
    }
  }

  /**
   * The binders docs/design.md §7 asks for are in the live scrape, and so is every metric the
   * dashboard names.
   */
  private void checkLiveMetrics(int opsPort) throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              String scrape = get(opsPort, "/metrics").body();
              Set<String> series = seriesNames(scrape);
              List<String> lines = scrape.lines().toList();
              assertThat(series)
                  .contains(
                      "jvm_memory_used_bytes",
                      "jvm_gc_pause_seconds_count",
                      "jvm_threads_live_threads",
                      "process_cpu_usage");
              assertThat(lines)
                  .as("Kafka producer metrics of the watcher")
                  .anyMatch(
                      l ->
                          l.startsWith("kafka_producer_")
                              && l.contains("client_id=\"lineage-watcher-"));
              assertThat(lines)
                  .as("Kafka consumer metrics of the sink")
                  .anyMatch(
                      l ->
                          l.startsWith("kafka_consumer_")
                              && l.contains("client_id=\"lineage-sink-"));
              assertThat(lines)
                  .as("Kafka producer metrics of the sink's dead-letter producer")
                  .anyMatch(
                      l ->
                          l.startsWith("kafka_producer_")
                              && l.matches(".*client_id=\"lineage-sink-[^\"]*-dlq\".*"));
              assertThat(series)
                  .as("Kafka Streams metrics of the parser")
                  .anyMatch(n -> n.startsWith("kafka_stream_"));
              Set<String> named = new TreeSet<>();
              dashboardExpressions()
                  .values()
                  .forEach(e -> named.addAll(PromExpressions.metricNames(e)));
              named.remove("up"); // added by Prometheus, not served
              assertThat(series).as("metrics the dashboard queries").containsAll(named);
            });
  }

  private void checkEverythingAnswers(PrometheusServer prometheus) throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    dashboardExpressions()
        .forEach((name, expr) -> queries.put(name, PromExpressions.withGrafanaVariables(expr)));
    Map<String, String> alerts = alertExpressions(prometheus);
    assertThat(alerts).as("alert rules loaded from " + RULES).hasSizeGreaterThanOrEqualTo(4);
    alerts.forEach((name, expr) -> queries.put(name, PromExpressions.withoutThresholds(expr)));
    // Every metric an alert names has series in Prometheus (`or vector(0)` alone would hide a
    // missing one).
    Set<String> alertMetrics = new TreeSet<>();
    alerts.values().forEach(e -> alertMetrics.addAll(PromExpressions.metricNames(e)));
    alertMetrics.forEach(
        name -> queries.put("series " + name, "count({__name__=\"" + name + "\"})"));
    queries.put("scrapes of the last minute", "count_over_time(up{job=\"lineage\"}[1m]) >= 10");

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              results.clear();
              List<String> empty = new ArrayList<>();
              for (Map.Entry<String, String> query : queries.entrySet()) {
                List<Double> values = values(prometheus.query(query.getValue()));
                results.put(
                    query.getKey(),
                    query.getValue()
                        + "\n    -> "
                        + (values.size() <= 12
                            ? values
                            : values.subList(0, 12) + " ... (" + values.size() + " series)"));
                // A NaN-only answer (0/0, a quantile of no observations) draws an empty panel too.
                boolean answered = values.stream().anyMatch(v -> !v.isNaN());
                if (!answered) {
                  empty.add(query.getKey() + ": " + query.getValue() + " -> " + values);
                }
              }
              assertThat(empty).as("queries without data").isEmpty();
            });
    assertThat(values(prometheus.query("up{job=\"lineage\"}"))).containsExactly(1.0);
    assertThat(values(prometheus.query("sum(rate(files_processed_total[30s]))")))
        .hasSize(1)
        .allMatch(v -> v > 0);
    assertThat(values(prometheus.query("sum(rate(parse_cache_hit_total[30s]))")))
        .hasSize(1)
        .allMatch(v -> v > 0);
    JsonNode rules = prometheus.rules();
    assertThat(rules.findValues("health"))
        .as("every rule evaluates without error: " + rules)
        .isNotEmpty()
        .allMatch(h -> h.asText().equals("ok"));
  }

  private static Map<String, String> dashboardExpressions() throws IOException {
    Map<String, String> byName = new LinkedHashMap<>();
    for (PanelTarget target : PromExpressions.dashboardTargets(JSON.readTree(DASHBOARD.toFile()))) {
      byName.put("panel '" + target.panel() + "' " + target.refId(), target.expr());
    }
    assertThat(byName).isNotEmpty();
    return byName;
  }

  /** The alert rules as the real Prometheus loaded them from the shipped rule files. */
  private static Map<String, String> alertExpressions(PrometheusServer prometheus)
      throws Exception {
    Map<String, String> byName = new LinkedHashMap<>();
    for (JsonNode group : prometheus.rules().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.path("type").asText().equals("alerting")) {
          byName.put("alert " + rule.path("name").asText(), rule.path("query").asText());
        }
      }
    }
    return byName;
  }

  private static List<Double> values(JsonNode data) {
    List<Double> values = new ArrayList<>();
    switch (data.path("resultType").asText()) {
      case "vector" -> data.path("result").forEach(r -> values.add(number(r.path("value").get(1))));
      case "scalar" -> values.add(number(data.path("result").get(1)));
      default -> throw new AssertionError("unexpected result " + data);
    }
    return values;
  }

  private static double number(JsonNode sample) {
    return switch (sample.asText()) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(sample.asText());
    };
  }

  private static Path writeConfig(Path tmp, int opsPort) throws IOException {
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - %s/*.yml
        scrape_configs:
          - job_name: lineage
            metrics_path: /metrics
            static_configs:
              - targets: ["127.0.0.1:%d"]
                labels:
                  service: local
        """
            .formatted(RULES, opsPort));
    return config;
  }

  private static Set<String> seriesNames(String exposition) {
    return exposition
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void writeReport() throws IOException {
    StringBuilder report =
        new StringBuilder("Instant queries against a live scrape of lineage local\n\n");
    phases.forEach((phase, at) -> report.append(at).append("  ").append(phase).append("\n"));
    report.append("\n");
    results.forEach((name, line) -> report.append(name).append("\n    ").append(line).append("\n"));
    Files.createDirectories(REPORT.getParent());
    Files.writeString(REPORT, report);
  }

  private static String elapsed(long startedNanos) {
    return String.format("%6.1f s", (System.nanoTime() - startedNanos) / 1e9);
  }

  private static Path copyOf(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return to;
  }

  /** Alternates a few files between their original and an edited content, one file per run. */
  private static final class Editor implements Runnable {
    private final List<Path> files;
    private final Map<Path, String> originals = new LinkedHashMap<>();
    private final AtomicInteger runs = new AtomicInteger();

    Editor(Path root) throws IOException {
      try (Stream<Path> paths = Files.walk(root)) {
        files = paths.filter(p -> p.toString().endsWith(".sql")).sorted().limit(4).toList();
      }
      for (Path file : files) {
        originals.put(file, Files.readString(file));
      }
    }

    @Override
    public void run() {
      int run = runs.getAndIncrement();
      Path file = files.get(run % files.size());
      boolean edited = (run / files.size()) % 2 == 0;
      try {
        Files.writeString(
            file, originals.get(file) + (edited ? "\n-- edited by PrometheusScrapeIT\n" : ""));
      } catch (IOException e) {
        LOG.warn("cannot edit {}: {}", file, e.toString());
      }
    }
  }
}
