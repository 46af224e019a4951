package io.github.lineage.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Neo4j (community) in this JVM, reachable over Bolt without authentication, with its store
 * in a directory of its own. Clients use the Java driver on {@link #boltUri()} exactly as against a
 * server. Used by {@code lineage local} (fixed port, persistent store) and integration tests.
 */
public final class EmbeddedNeo4j implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedNeo4j.class);

  private final Path home;
  private final boolean deleteOnClose;
  private final int port;
  private final String databaseName;
  private final DatabaseManagementService service;

  private EmbeddedNeo4j(Path home, int port, boolean deleteOnClose, String databaseName) {
    this.home = home.toAbsolutePath();
    this.databaseName = databaseName;
    this.deleteOnClose = deleteOnClose;
    this.port = port == 0 ? EmbeddedKafka.freePort() : port;
    long started = System.nanoTime();
    this.service =
        new DatabaseManagementServiceBuilder(this.home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", this.port))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
            .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
            // Without this, close waits ~10 s for two Netty pools' default quiet period.
            .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
            // Community has one user database; its name is chosen when the store is first created.
            .setConfig(GraphDatabaseSettings.initial_default_database, databaseName)
            .build();
    GraphDatabaseService db = service.database(databaseName);
    if (!db.isAvailable(Duration.ofSeconds(60).toMillis())) {
      service.shutdown();
      throw new IllegalStateException("embedded Neo4j did not become available in " + this.home);
    }
    LOG.info(
        "embedded Neo4j ready on {} in {} ms (store {})",
        boltUri(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        this.home);
  }

  /**
   * Starts Neo4j with Bolt on {@code port} (0 = any free port) and its store under {@code home}.
   */
  public static EmbeddedNeo4j start(Path home, int port) {
    return new EmbeddedNeo4j(home, port, false, GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
  }

  /** Neo4j on a free port with a temporary store, deleted on {@link #close()}. */
  public static EmbeddedNeo4j startTemporary() {
    return startTemporary(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
  }

  /**
   * As {@link #startTemporary()}, its one user database named {@code databaseName} instead of
   * {@code neo4j} (there is then no database {@code neo4j}): for tests of {@code NEO4J_DATABASE}.
   */
  public static EmbeddedNeo4j startTemporary(String databaseName) {
    try {
      return new EmbeddedNeo4j(Files.createTempDirectory("lineage-neo4j-"), 0, true, databaseName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String boltUri() {
    return "bolt://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Direct access for tests that must inspect or wipe the store without the driver. */
  public GraphDatabaseService database() {
    return service.database(databaseName);
  }

  /** The name of the one user database. */
  public String databaseName() {
    return databaseName;
  }

  @Override
  public void close() {
    try {
      service.shutdown();
    } finally {
      if (deleteOnClose) {
        FileTrees.deleteQuietly(home);
      }
    }
  }
}
