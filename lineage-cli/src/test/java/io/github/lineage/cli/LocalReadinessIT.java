package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.metrics.Metrics;
import io.github.lineage.core.metrics.OpsServer;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lineage local}'s {@code /ready} and {@code /health} as the pipeline starts, runs and loses
 * a stage: the ops server is up before the embedded servers, as in {@link LocalCommand}, and is
 * asked every 20 ms while the pipeline starts.
 */
class LocalReadinessIT {

  private static final EnvReader ENV =
      new EnvReader(Map.of("DEBOUNCE_WINDOW_SECONDS", "0.2", "WATCH_RESCAN_INTERVAL_SECONDS", "0"));

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private record Answer(long atMillis, int status, String body, boolean kafkaListening) {}

  @Test
  void shouldBeNotReadyUntilServersListenAndTheFirstScanIsPublishedAndUnhealthyOnceTheWatcherDies(
      @TempDir Path tmp) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(
          root.resolve("m" + i + ".sql"),
          "INSERT INTO mart.m" + i + " SELECT x FROM raw.s" + i + ";");
    }
    int kafkaPort = freePort();
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    try (OpsServer ops = OpsServer.start("127.0.0.1", 0, registry)) {
      List<Answer> answers = new CopyOnWriteArrayList<>();
      AtomicBoolean polling = new AtomicBoolean(true);
      CompletableFuture<Void> poller =
          CompletableFuture.runAsync(
              () -> {
                while (polling.get()) {
                  try {
                    HttpResponse<String> ready = get(ops, "/ready");
                    long at = System.currentTimeMillis();
                    answers.add(
                        new Answer(at, ready.statusCode(), ready.body(), listening(kafkaPort)));
                    Thread.sleep(20);
                  } catch (IOException | InterruptedException e) {
                    return;
                  }
                }
              });
      LocalPipeline pipeline =
          LocalPipeline.start(
              new LocalPipeline.Options(
                  root, new LineageHome(tmp.resolve("home")), kafkaPort, 0, true),
              ENV,
              StaticFlags.allOn(),
              LineageEngine.defaults(),
              registry,
              ops);
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> answers.stream().anyMatch(a -> a.status() == 200));
        polling.set(false);
        poller.join();

        Answer first = answers.get(0);
        assertThat(first.status()).as("the first answer: " + first).isEqualTo(503);
        assertThat(answers)
            .as("a 503 while Kafka was not even listening")
            .anyMatch(a -> a.status() == 503 && !a.kafkaListening());
        long firstReady =
            answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().atMillis();
        List<Long> published =
            recordTimes(pipeline.kafkaBootstrap(), pipeline.topics().fileChanges());
        assertThat(published).as("the first scan's change events").hasSize(5);
        assertThat(published)
            .allMatch(t -> t <= firstReady, "sent before /ready said 200 at " + firstReady);
        assertThat(get(ops, "/health").statusCode()).isEqualTo(200);

        // The watched root vanishes: the watcher stops for good, the process must be restarted.
        try (var files = Files.list(root)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Files.delete(f);
          }
        }
        Files.delete(root);
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  HttpResponse<String> health = get(ops, "/health");
                  assertThat(health.statusCode()).isEqualTo(503);
                  assertThat(health.body()).contains("\"watcher\"");
                });
        assertThat(get(ops, "/ready").statusCode()).isEqualTo(503);
      } finally {
        polling.set(false);
        pipeline.close();
      }
    } finally {
      registry.close();
    }
  }

  private static List<Long> recordTimes(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<Long> times = new CopyOnWriteArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          times.add(r.timestamp());
        }
      }
      return times;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
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
