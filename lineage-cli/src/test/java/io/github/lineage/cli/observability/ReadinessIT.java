package io.github.lineage.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.cli.Neo4jConnections;
import io.github.lineage.cli.Readiness;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.metrics.Metrics;
import io.github.lineage.core.metrics.OpsServer;
import io.github.lineage.local.EmbeddedKafka;
import io.github.lineage.local.EmbeddedNeo4j;
import io.github.lineage.sink.SinkConfig;
import io.github.lineage.sink.SinkService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;

/**
 * The sink process's {@code /ready} follows its servers: the sink wired as {@code SinkCommand}
 * wires it (one registry, the ops server, {@link Readiness#kafkaAndNeo4j}, a running {@link
 * SinkService}) against a real Kafka and a real Neo4j that is stopped and started again on the same
 * store and port. {@code /health} (liveness) must not follow: restarting a process because its
 * database is away helps nobody.
 */
class ReadinessIT {

  private static final Duration PROBE_WAIT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void shouldBeNotReadyWhileNeo4jIsDownAndReadyAgainAfterItReturnsWhileStayingHealthy(
      @TempDir Path tmp) throws Exception {
    Path neo4jHome = tmp.resolve("neo4j");
    EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(neo4jHome, 0);
    int boltPort = neo4j.port();
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), 0);
        Driver driver = Neo4jConnections.open(neo4j.boltUri());
        OpsServer ops = OpsServer.start("127.0.0.1", 0, registry)) {
      Readiness.kafkaAndNeo4j(kafka.bootstrapServers(), driver).forEach(ops::addReadinessCheck);
      KafkaSettings settings =
          new KafkaSettings(
              kafka.bootstrapServers(),
              KafkaSettings.from(new EnvReader(Map.of())).topics(),
              2,
              (short) 1);
      try (SinkService sink =
          new SinkService(
              SinkConfig.from(new EnvReader(Map.of())),
              settings,
              driver,
              StaticFlags.allOn(),
              registry)) {
        sink.start();
        awaitReady(ops, 200, "\"ready\"");

        neo4j.close();
        awaitReady(ops, 503, "\"failing\": [\"neo4j\"]");

        neo4j = EmbeddedNeo4j.start(neo4jHome, boltPort);
        awaitReady(ops, 200, "\"ready\"");
        assertThat(sink.isRunning()).as("the sink outlived the outage").isTrue();
      }
    } finally {
      neo4j.close();
      registry.close();
    }
  }

  @Test
  void shouldNameKafkaWhenTheBrokerIsGone(@TempDir Path tmp) throws Exception {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(tmp.resolve("neo4j"), 0);
        Driver driver = Neo4jConnections.open(neo4j.boltUri());
        OpsServer ops = OpsServer.start("127.0.0.1", 0, registry)) {
      EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), 0);
      try {
        Readiness.kafkaAndNeo4j(kafka.bootstrapServers(), driver).forEach(ops::addReadinessCheck);
        awaitReady(ops, 200, "\"ready\"");
      } finally {
        kafka.close();
      }
      awaitReady(ops, 503, "\"failing\": [\"kafka\"]");
    } finally {
      registry.close();
    }
  }

  /**
   * Polls /ready until it answers {@code status} with {@code body}; /health must be 200 at every
   * poll.
   */
  private void awaitReady(OpsServer ops, int status, String body) {
    await()
        .atMost(PROBE_WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(get(ops, "/health").statusCode()).as("/health").isEqualTo(200);
              HttpResponse<String> ready = get(ops, "/ready");
              assertThat(ready.statusCode()).as("/ready: " + ready.body()).isEqualTo(status);
              assertThat(ready.body()).contains(body);
            });
  }

  private HttpResponse<String> get(OpsServer ops, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
