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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) in this JVM, with its data in a
 * directory of its own. Used by {@code lineage local} (fixed port, persistent data, restart reuses
 * it) and by integration tests ({@link #startTemporary()}: random port, temporary directory).
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String CLUSTER_ID = "lineage-local-kraft1"; // 22 chars: a Base64 UUID length

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int port;
  private final KafkaRaftServer server;

  private EmbeddedKafka(Path dataDir, int port, Map<String, String> overrides, boolean deleteOnClose) {
    this.dataDir = dataDir.toAbsolutePath();
    this.deleteOnClose = deleteOnClose;
    this.port = port == 0 ? freePort() : port;
    Properties props = brokerProperties(this.dataDir, this.port, freePort());
    props.putAll(overrides);
    format(this.dataDir, props);
    this.server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
  }

  /** Starts a broker on {@code port} (0 = any free port) with data under {@code dataDir}. */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
    EmbeddedKafka kafka = new EmbeddedKafka(dataDir, port, overrides, false);
    kafka.startAndAwait();
    return kafka;
  }

  /** A broker on a free port with a temporary data directory, deleted on {@link #close()}. */
  public static EmbeddedKafka startTemporary() {
    try {
      EmbeddedKafka kafka = new EmbeddedKafka(Files.createTempDirectory("lineage-kafka-"), 0, Map.of(), true);
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
            throw new IllegalStateException("embedded Kafka did not become ready on " + bootstrapServers(), e);
          }
        }
      }
    }
    LOG.info("embedded Kafka ready on {} in {} ms (data {})", bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDir);
  }

  static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
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
      int rc = StorageTool$.MODULE$.execute(
          new String[] {"format", "-t", CLUSTER_ID, "-c", config.toString(), "--ignore-formatted"},
          new PrintStream(output, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IllegalStateException("cannot format Kafka storage in " + dataDir + ": " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka storage in " + dataDir, e);
    }
  }

  /** A port free at the time of the call (tests that restart a server on the same port pick one first). */
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
