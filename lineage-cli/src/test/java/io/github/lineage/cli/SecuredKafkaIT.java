package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.StaticFlags;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.local.EmbeddedKafka;
import io.github.lineage.local.EmbeddedNeo4j;
import io.github.lineage.parser.ParserConfig;
import io.github.lineage.parser.ParserService;
import io.github.lineage.sink.SinkConfig;
import io.github.lineage.sink.SinkService;
import io.github.lineage.sql.LineageEngine;
import io.github.lineage.watcher.WatcherConfig;
import io.github.lineage.watcher.WatcherService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;

/**
 * Every stage and {@code lineage dlq list} through a SASL_SSL listener with SCRAM-SHA-512, set up
 * the way a deployment sets it: KAFKA_* variables for the services, a --kafka-config file for the
 * CLI. The broker's plaintext listener is used only to create the users.
 */
class SecuredKafkaIT {

  private static final String USER = "lineage";

  /** Quotes and a backslash: the JAAS line built from KAFKA_SASL_PASSWORD must escape them. */
  private static final String PASSWORD = "p@ss \"quoted\" back\\slash";

  private static final String CLI_USER = "operator";
  private static final String CLI_PASSWORD = "operator-password";

  private static EmbeddedKafka kafka;
  private static EmbeddedNeo4j neo4j;

  @BeforeAll
  static void startServers() {
    kafka = EmbeddedKafka.startTemporaryWithSaslSsl();
    kafka.createScramUser(USER, PASSWORD);
    kafka.createScramUser(CLI_USER, CLI_PASSWORD);
    neo4j = EmbeddedNeo4j.startTemporary();
  }

  @AfterAll
  static void stopServers() {
    if (neo4j != null) {
      neo4j.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldRunWatcherParserSinkAndDlqListThroughSaslSsl(@TempDir Path tmp) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("wh"));
    Files.writeString(
        root.resolve("a.sql"), "INSERT INTO mart.secure (x) SELECT s.x FROM raw.secure s;");
    // A binary file: the watcher dead-letters it, so the DLQ has a letter written over SASL_SSL.
    Files.write(root.resolve("blob.sql"), new byte[] {'S', 'E', 'L', 0, 0, 1, 2});
    EnvReader env = new EnvReader(serviceEnvironment(USER, PASSWORD));
    KafkaSettings settings = KafkaSettings.from(env);
    assertThat(settings.bootstrapServers()).isEqualTo(kafka.saslSslBootstrapServers());
    assertThat(settings.client().describe()).isEqualTo("SASL_SSL/SCRAM-SHA-512");

    KafkaCheck.require(settings);
    assertThat(Readiness.kafka(settings)).isTrue();
    TopicProvisioner.ensureTopics(settings, Duration.ofSeconds(30));
    LineageHome home = new LineageHome(tmp.resolve("home"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    StaticFlags flags = StaticFlags.allOn();
    try (Driver driver = Neo4jConnections.open(neo4j.boltUri());
        SinkService sink =
            new SinkService(SinkConfig.from(env), settings, driver, flags, registry);
        LineageEngine engine = LineageEngine.defaults();
        ParserService parser =
            new ParserService(ParserConfig.from(env, home), settings, flags, engine, registry);
        WatcherService watcher =
            new WatcherService(WatcherConfig.from(env, root, home), settings, registry)) {
      sink.start();
      parser.start();
      var scan = watcher.reconcile();
      assertThat(scan.upserts()).isEqualTo(1);
      assertThat(scan.rejected()).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () ->
                  assertThat(PipelineGraph.of(driver).edgesOfType("FEEDS"))
                      .containsExactly("raw.secure -FEEDS-> mart.secure [wh:a.sql]"));
    }

    Path config = clientConfigFile(tmp.resolve("client.properties"), CLI_USER, CLI_PASSWORD);
    var list =
        CliRunner.lineage(
            "dlq",
            "list",
            "--kafka",
            kafka.saslSslBootstrapServers(),
            "--kafka-config",
            config.toString());
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("watcher", "binary", "wh:blob.sql")
        .contains("1 dead letter(s) shown");
  }

  @Test
  void shouldFailWithOneClearLineOnAWrongPassword(@TempDir Path tmp) throws Exception {
    Path config = clientConfigFile(tmp.resolve("wrong.properties"), CLI_USER, "not-the-password");
    var list =
        CliRunner.lineage(
            "dlq",
            "list",
            "--kafka",
            kafka.saslSslBootstrapServers(),
            "--kafka-config",
            config.toString());
    assertThat(list.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    List<String> lines = list.err().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith(
            "lineage: Kafka at "
                + kafka.saslSslBootstrapServers()
                + " (SASL_SSL/SCRAM-SHA-512)"
                + " refused the credentials: ")
        .contains("invalid credentials")
        .contains("KAFKA_SASL_USERNAME")
        .doesNotContain("not-the-password");

    // The services check Kafka the same way before they start anything.
    KafkaSettings services = KafkaSettings.from(new EnvReader(serviceEnvironment(USER, "wrong")));
    assertThatThrownBy(() -> KafkaCheck.require(services))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("refused the credentials")
        .hasMessageNotContaining("wrong\"");
    assertThat(Readiness.kafka(services)).isFalse();
  }

  @Test
  void shouldNotReachTheSecuredListenerWithoutTheClientSettings() {
    KafkaSettings plain =
        KafkaSettings.from(
            new EnvReader(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.saslSslBootstrapServers())));
    assertThatThrownBy(() -> KafkaCheck.require(plain, Duration.ofSeconds(3)))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(
            "no answer from Kafka at " + kafka.saslSslBootstrapServers() + " (PLAINTEXT)");
  }

  /**
   * What a deployment sets: the bootstrap of the secured listener and the KAFKA_* client settings.
   */
  private static Map<String, String> serviceEnvironment(String user, String password) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.saslSslBootstrapServers());
    env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    env.put("KAFKA_SASL_MECHANISM", EmbeddedKafka.SCRAM_MECHANISM);
    env.put("KAFKA_SASL_USERNAME", user);
    env.put("KAFKA_SASL_PASSWORD", password);
    env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", kafka.tls().truststore().toString());
    env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
    env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", kafka.tls().password());
    env.put("DEBOUNCE_WINDOW_SECONDS", "0.3");
    env.put("INGEST_WORKERS", "1");
    return env;
  }

  /** A properties file as Kafka's own tools take with --command-config. */
  private static Path clientConfigFile(Path file, String user, String password) throws Exception {
    Properties props = new Properties();
    props.putAll(kafka.saslSslClientProperties(user, password));
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(out, "client settings of the secured listener");
    }
    return file;
  }
}
