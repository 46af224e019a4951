package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `lineage local` with OPENLINEAGE_URL: one RunEvent per file the sink writes, to a real HTTP
 * receiver.
 */
class OpenLineagePipelineIT {

  @Test
  void shouldEmitARunEventPerWrittenFileWithItsColumnLineage(@TempDir Path tmp) throws Exception {
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    ObjectMapper json = new ObjectMapper();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/api/v1/lineage",
        exchange -> {
          events.add(
              json.readTree(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(201, -1);
          exchange.close();
        });
    receiver.start();
    try {
      Path root = Files.createDirectories(tmp.resolve("wh"));
      Files.writeString(
          root.resolve("orders.sql"),
          "INSERT INTO mart.orders (id, total) SELECT o.id, o.amount FROM raw.orders o;\n");
      Files.writeString(
          root.resolve("view.sql"), "CREATE VIEW mart.v AS SELECT id FROM mart.orders;\n");
      EnvReader env =
          new EnvReader(
              Map.of(
                  "DEBOUNCE_WINDOW_SECONDS",
                  "0.2",
                  "WATCH_SETTLE_MS",
                  "50",
                  "OPENLINEAGE_URL",
                  "http://127.0.0.1:" + receiver.getAddress().getPort()));
      try (LocalPipeline pipeline =
          LocalPipeline.start(
              new LocalPipeline.Options(root, new LineageHome(tmp.resolve("home")), 0, 0, false),
              env,
              StaticFlags.allOn(),
              LineageEngine.defaults(),
              new SimpleMeterRegistry())) {
        assertThat(pipeline.awaitGraphCurrent(Duration.ofMinutes(2), Duration.ofSeconds(60)))
            .isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events.size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
      }
      Set<String> jobs = new TreeSet<>();
      events.forEach(
          e -> jobs.add(e.at("/job/namespace").asText() + "/" + e.at("/job/name").asText()));
      assertThat(jobs).containsExactly("wh/orders.sql", "wh/view.sql");
      JsonNode orders =
          events.stream()
              .filter(e -> e.at("/job/name").asText().equals("orders.sql"))
              .findFirst()
              .orElseThrow();
      assertThat(orders.at("/outputs/0/name").asText()).isEqualTo("mart.orders");
      assertThat(
              orders
                  .at("/outputs/0/facets/columnLineage/fields/total/inputFields/0/field")
                  .asText())
          .isEqualTo("amount");
    } finally {
      receiver.stop(0);
    }
  }
}
