package io.github.lineage.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) in this JVM, with its data in a
 * directory of its own. Used by {@code lineage local} (fixed port, persistent data, restart reuses
 * it) and by integration tests ({@link #startTemporary()}: random port, temporary directory).
 *
 * <p>{@link #startTemporaryWithSaslSsl()} adds a second listener, SASL_SSL with SCRAM-SHA-512 and a
 * certificate made for the test, as a managed cluster (MSK, Confluent Cloud, Strimzi) offers: tests
 * of secured clients connect there, and set users up through the plaintext one.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String CLUSTER_ID = "lineage-local-kraft1"; // 22 chars: a Base64 UUID length

  /** The SCRAM mechanism of the secured listener. */
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

  private static final String SECURED = "SASL_SSL";

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int port;
  private final int securedPort;
  private final TlsMaterial tls;
  private final KafkaRaftServer server;

  private EmbeddedKafka(
      Path dataDir,
      int port,
      Map<String, String> overrides,
      boolean deleteOnClose,
      boolean secured) {
    this.dataDir = dataDir.toAbsolutePath();
    this.deleteOnClose = deleteOnClose;
    this.port = port == 0 ? freePort() : port;
    this.securedPort = secured ? freePort() : -1;
    this.tls = secured ? TlsMaterial.generate(this.dataDir.resolve("tls")) : null;
    Properties props = brokerProperties(this.dataDir, this.port, freePort());
    if (secured) {
      addSaslSslListener(props, securedPort, tls);
    }
    props.putAll(overrides);
    format(this.dataDir, props);
    this.server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
  }

  /** Starts a broker on {@code port} (0 = any free port) with data under {@code dataDir}. */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
    EmbeddedKafka kafka = new EmbeddedKafka(dataDir, port, overrides, false, false);
    kafka.startAndAwait();
    return kafka;
  }

  /** A broker on a free port with a temporary data directory, deleted on {@link #close()}. */
  public static EmbeddedKafka startTemporary() {
    return startTemporary(false);
  }

  /**
   * As {@link #startTemporary()}, with a SASL_SSL listener (SCRAM-SHA-512, a certificate for
   * 127.0.0.1 generated for it) at {@link #saslSslBootstrapServers()}. It has no users until {@link
   * #createScramUser(String, String)}.
   */
  public static EmbeddedKafka startTemporaryWithSaslSsl() {
    return startTemporary(true);
  }

  private static EmbeddedKafka startTemporary(boolean secured) {
    try {
      EmbeddedKafka kafka =
          new EmbeddedKafka(
              Files.createTempDirectory("lineage-kafka-"), 0, Map.of(), true, secured);
      kafka.startAndAwait();
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The SASL_SSL listener; only on a broker of {@link #startTemporaryWithSaslSsl()}. */
  public String saslSslBootstrapServers() {
    requireSecured();
    return "127.0.0.1:" + securedPort;
  }

  /** The certificate the secured listener presents, and a truststore holding it. */
  public TlsMaterial tls() {
    requireSecured();
    return tls;
  }

  /** Creates (or changes) a SCRAM-SHA-512 user through the plaintext listener. */
  public void createScramUser(String user, String password) {
    requireSecured();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating SCRAM user " + user, e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot create SCRAM user " + user + ": " + e.getMessage(), e);
    }
  }

  /**
   * The client properties of the secured listener for {@code user}, as a deployment would set them
   * (security.protocol, sasl.mechanism, sasl.jaas.config, the truststore).
   */
  public Map<String, String> saslSslClientProperties(String user, String password) {
    requireSecured();
    return Map.of(
        "security.protocol",
        SECURED,
        "sasl.mechanism",
        SCRAM_MECHANISM,
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";",
        "ssl.truststore.location",
        tls.truststore().toString(),
        "ssl.truststore.type",
        "PKCS12",
        "ssl.truststore.password",
        tls.password());
  }

  private void requireSecured() {
    if (tls == null) {
      throw new IllegalStateException(
          "this broker has no SASL_SSL listener (use startTemporaryWithSaslSsl)");
    }
  }

  private void startAndAwait() {
    long started = System.nanoTime();
    server.startup();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try {
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          break;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "embedded Kafka did not become ready on " + bootstrapServers(), e);
          }
        }
      }
    }
    LOG.info(
        "embedded Kafka ready on {} in {} ms (data {})",
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        dataDir);
  }

  static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.resolve("logs").toString());
    p.put("metadata.log.dir", dataDir.resolve("meta").toString());
    // One node: every internal topic must make do with one replica, or groups wait forever.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "6");
    p.put("auto.create.topics.enable", "true");
    // A laptop-sized broker: few threads, a small cleaner buffer.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "2");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.put("log.cleaner.backoff.ms", "1000");
    p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    return p;
  }

  /**
   * A SASL_SSL listener next to PLAINTEXT; brokers and controller keep talking plaintext among
   * themselves.
   */
  static void addSaslSslListener(Properties p, int securedPort, TlsMaterial tls) {
    String listener = SECURED + "://127.0.0.1:" + securedPort;
    p.put("listeners", p.getProperty("listeners") + "," + listener);
    p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + listener);
    p.put(
        "listener.security.protocol.map",
        p.getProperty("listener.security.protocol.map") + "," + SECURED + ":" + SECURED);
    String prefix = "listener.name." + SECURED.toLowerCase(java.util.Locale.ROOT) + ".";
    p.put(prefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
    p.put(
        prefix + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.put(prefix + "ssl.keystore.location", tls.keystore().toString());
    p.put(prefix + "ssl.keystore.type", "PKCS12");
    p.put(prefix + "ssl.keystore.password", tls.password());
    p.put(prefix + "ssl.key.password", tls.password());
    p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
  }

  /** Formats the storage directories the first time; a formatted directory is kept as it is. */
  private static void format(Path dataDir, Properties props) {
    try {
      Files.createDirectories(dataDir);
      if (Files.exists(dataDir.resolve("meta").resolve("meta.properties"))) {
        return;
      }
      Path config = dataDir.resolve("server.properties");
      try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        props.store(out, "embedded Kafka: written for the storage formatter");
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int rc =
          StorageTool$.MODULE$.execute(
              new String[] {
                "format", "-t", CLUSTER_ID, "-c", config.toString(), "--ignore-formatted"
              },
              new PrintStream(output, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IllegalStateException(
            "cannot format Kafka storage in " + dataDir + ": " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka storage in " + dataDir, e);
    }
  }

  /**
   * A port free at the time of the call (tests that restart a server on the same port pick one
   * first).
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      if (deleteOnClose) {
        FileTrees.deleteQuietly(dataDir);
      }
    }
  }
}
