package io.github.lineage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

class EmbeddedServersIT {

  @Test
  void shouldKeepKafkaRecordsAcrossARestartOnTheSameDirectory(@TempDir Path dir) throws Exception {
    int port;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      port = kafka.port();
      try (var producer = new KafkaProducer<>(producerProps(kafka.bootstrapServers()))) {
        producer.send(new ProducerRecord<>("restart-test", "k", "v1")).get();
      }
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, port)) {
      assertThat(readAll(kafka.bootstrapServers(), "restart-test")).containsExactly("v1");
    }
  }

  @Test
  void shouldServeBoltWithoutAuthAndKeepTheStoreAcrossARestart(@TempDir Path dir) {
    int port;
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(dir, 0)) {
      port = neo4j.port();
      try (Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
        driver.executableQuery("CREATE (:Probe {name: $name})").withParameters(Map.of("name", "kept")).execute();
      }
    }
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(dir, port);
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      var names = driver.executableQuery("MATCH (p:Probe) RETURN p.name AS name").execute().records().stream()
          .map(r -> r.get("name").asString()).toList();
      assertThat(names).containsExactly("kept");
    }
  }

  private static Properties producerProps(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return p;
  }

  private static List<String> readAll(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
