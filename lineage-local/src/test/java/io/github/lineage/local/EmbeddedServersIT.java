package io.github.lineage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
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
        driver
            .executableQuery("CREATE (:Probe {name: $name})")
            .withParameters(Map.of("name", "kept"))
            .execute();
      }
    }
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(dir, port);
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      var names =
          driver
              .executableQuery("MATCH (p:Probe) RETURN p.name AS name")
              .execute()
              .records()
              .stream()
              .map(r -> r.get("name").asString())
              .toList();
      assertThat(names).containsExactly("kept");
    }
  }

  @Test
  void shouldServeSaslSslWithScramToItsUsersAndRefuseAWrongPassword() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporaryWithSaslSsl()) {
      kafka.createScramUser("alice", "right-password");
      Properties secured = producerProps(kafka.saslSslBootstrapServers());
      secured.putAll(kafka.saslSslClientProperties("alice", "right-password"));
      try (var producer = new KafkaProducer<>(secured)) {
        producer
            .send(new ProducerRecord<>("secured-test", "k", "over tls"))
            .get(30, TimeUnit.SECONDS);
      }
      assertThat(readAll(secured, "secured-test")).containsExactly("over tls");

      Properties wrong = new Properties();
      wrong.put("bootstrap.servers", kafka.saslSslBootstrapServers());
      wrong.putAll(kafka.saslSslClientProperties("alice", "wrong-password"));
      try (Admin admin = Admin.create(wrong)) {
        assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SaslAuthenticationException.class);
      }
      Properties plaintextClient = new Properties();
      plaintextClient.put("bootstrap.servers", kafka.saslSslBootstrapServers());
      plaintextClient.put("request.timeout.ms", "3000");
      plaintextClient.put("default.api.timeout.ms", "3000");
      try (Admin admin = Admin.create(plaintextClient)) {
        assertThatThrownBy(() -> admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS))
            .as("a client without the security settings gets nowhere on the secured listener")
            .isInstanceOf(Exception.class);
      }
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
    return readAll(p, topic);
  }

  private static List<String> readAll(Properties base, String topic) {
    Properties p = new Properties();
    p.putAll(base);
    p.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    p.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
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
