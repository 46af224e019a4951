package io.github.lineage.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.StatementLineage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The events a Marquez server would receive, over real HTTP, from the official client's transport.
 */
class OpenLineageEmitterTest {

  private final ObjectMapper json = new ObjectMapper();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger failFirst = new AtomicInteger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private HttpServer receiver;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  private String startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/api/v1/lineage",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = failFirst.getAndDecrement() > 0 ? 500 : 201;
          if (status == 201) {
            bodies.add(body);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    return "http://127.0.0.1:" + receiver.getAddress().getPort();
  }

  private OpenLineageEmitter emitter(String url) {
    return OpenLineageEmitter.create(
        OpenLineageSettings.from(
            new EnvReader(
                Map.of(
                    OpenLineageSettings.ENV_URL,
                    url,
                    OpenLineageSettings.ENV_DATASET_NAMESPACE,
                    "postgres://wh:5432"))),
        registry);
  }

  private static LineageDocument document(
      String path, String sha, List<StatementLineage> statements) {
    return new LineageDocument(
        1, "wh:" + path, "wh", path, sha, "test", Instant.EPOCH, statements, List.of());
  }

  private static final LineageDocument ORDERS =
      document(
          "mart/orders.sql",
          "aa11",
          List.of(
              new StatementLineage(
                  0,
                  1,
                  "INSERT",
                  List.of("raw.orders", "raw.customers"),
                  List.of("mart.orders"),
                  List.of(
                      new ColumnEdge("mart.orders.id", List.of("raw.orders.id")),
                      new ColumnEdge(
                          "mart.orders.customer",
                          List.of("raw.customers.name", "raw.customers.surname"))),
                  List.of(
                      new StatementLineage.Indirect(
                          "mart.orders.id", List.of("raw.orders.status"), "FILTER")))));
  private static final LineageDocument VIEW =
      document(
          "mart/v.sql",
          "bb22",
          List.of(
              new StatementLineage(
                  0,
                  1,
                  "CREATE_VIEW",
                  List.of("mart.orders"),
                  List.of("mart.v"),
                  List.of(new ColumnEdge("mart.v.id", List.of("mart.orders.id"))))));

  private List<JsonNode> awaitEvents(int count) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (bodies.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<JsonNode> events = new ArrayList<>();
    for (String body : bodies) {
      events.add(json.readTree(body));
    }
    return events;
  }

  @Test
  void shouldSendOneCompleteRunEventPerDocumentWithWhatMarquezNeeds() throws Exception {
    try (OpenLineageEmitter emitter = emitter(startReceiver())) {
      emitter.written(List.of(ORDERS, VIEW));
      List<JsonNode> events = awaitEvents(2);
      assertThat(events).hasSize(2);
      JsonNode event =
          events.stream()
              .filter(e -> e.at("/job/name").asText().equals("mart/orders.sql"))
              .findFirst()
              .orElseThrow();
      assertThat(event.get("eventType").asText()).isEqualTo("COMPLETE");
      assertThat(Instant.parse(event.get("eventTime").asText().replaceAll("\\[.*]$", "")))
          .isNotNull();
      assertThat(event.get("producer").asText()).isEqualTo(RunEventMapper.PRODUCER.toString());
      assertThat(event.get("schemaURL").asText()).startsWith("https://openlineage.io/spec/");
      assertThat(UUID.fromString(event.at("/run/runId").asText()))
          .isEqualTo(RunEventMapper.runId("wh:mart/orders.sql", "aa11"));
      assertThat(event.at("/job/namespace").asText()).isEqualTo("wh");
      assertThat(event.at("/job/facets/sourceCodeLocation/path").asText())
          .isEqualTo("mart/orders.sql");
      assertThat(event.at("/job/facets/sourceCodeLocation/version").asText()).isEqualTo("aa11");
      assertThat(names(event.get("inputs"))).containsExactly("raw.customers", "raw.orders");
      assertThat(names(event.get("outputs"))).containsExactly("mart.orders");
      for (JsonNode dataset : iterable(event.get("inputs"), event.get("outputs"))) {
        assertThat(dataset.get("namespace").asText()).isEqualTo("postgres://wh:5432");
      }
      JsonNode output = event.get("outputs").get(0);
      JsonNode lineage = output.at("/facets/columnLineage/fields");
      assertThat(fieldNames(lineage)).containsExactlyInAnyOrder("id", "customer");
      // The engine's indirect edge: raw.orders.status filters every row of mart.orders.id.
      assertThat(lineage.at("/id/inputFields"))
          .anySatisfy(
              f -> {
                assertThat(f.get("field").asText()).isEqualTo("status");
                assertThat(f.at("/transformations/0/type").asText()).isEqualTo("INDIRECT");
                assertThat(f.at("/transformations/0/subtype").asText()).isEqualTo("FILTER");
              });
      assertThat(lineage.at("/customer/inputFields"))
          .extracting(f -> f.get("name").asText() + "." + f.get("field").asText())
          .containsExactlyInAnyOrder("raw.customers.name", "raw.customers.surname");
      // Every column named in columnLineage is a field of its dataset's schema facet.
      assertThat(schemaFields(output)).containsExactlyInAnyOrder("id", "customer");
      for (JsonNode input : event.get("inputs")) {
        Set<String> named = new HashSet<>();
        for (JsonNode field : lineage) {
          for (JsonNode in : field.get("inputFields")) {
            if (in.get("name").asText().equals(input.get("name").asText())) {
              named.add(in.get("field").asText());
            }
          }
        }
        assertThat(schemaFields(input)).containsAll(named).isNotEmpty();
      }
      assertThat(count("sent")).isEqualTo(2);
    }
  }

  @Test
  void shouldRetryAReceiverThatFailsAndCountWhatItSent() throws Exception {
    failFirst.set(2);
    try (OpenLineageEmitter emitter = emitter(startReceiver())) {
      emitter.written(List.of(VIEW));
      assertThat(awaitEvents(1)).hasSize(1);
      assertThat(count("sent")).isEqualTo(1);
      assertThat(count("failed")).isZero();
    }
  }

  @Test
  void shouldNeverBlockTheCallerWhenTheReceiverIsGoneAndCountTheFailures() throws Exception {
    String url = startReceiver();
    receiver.stop(0);
    receiver = null;
    OpenLineageEmitter emitter = emitter(url);
    long started = System.nanoTime();
    emitter.written(List.of(ORDERS, VIEW));
    assertThat(System.nanoTime() - started).as("written() only queues").isLessThan(1_000_000_000L);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (count("failed") < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    emitter.close();
    assertThat(count("failed")).isEqualTo(2);
    assertThat(count("sent")).isZero();
  }

  @Test
  void shouldBeOffWithoutAnyOpenLineageSetting() {
    assertThat(
            OpenLineageEmitter.create(OpenLineageSettings.from(new EnvReader(Map.of())), registry))
        .isNull();
  }

  private double count(String outcome) {
    var counter =
        registry
            .find(MetricNames.OPENLINEAGE_EVENTS)
            .tag(MetricNames.TAG_OUTCOME, outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static List<String> names(JsonNode datasets) {
    List<String> names = new ArrayList<>();
    datasets.forEach(d -> names.add(d.get("name").asText()));
    return names;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> schemaFields(JsonNode dataset) {
    List<String> names = new ArrayList<>();
    dataset.at("/facets/schema/fields").forEach(f -> names.add(f.get("name").asText()));
    return names;
  }

  private static List<JsonNode> iterable(JsonNode... arrays) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode array : arrays) {
      array.forEach(all::add);
    }
    return all;
  }
}
