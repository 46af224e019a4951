package io.github.lineage.cli;

import io.github.lineage.api.ApiAddressFile;
import io.github.lineage.api.ApiServer;
import io.github.lineage.api.LineageReads;
import io.github.lineage.core.config.LineageHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API of {@code lineage local}: on loopback only (a laptop's graph is nobody else's business),
 * its address in {@code $LINEAGE_HOME/api.json} for {@code lineage query}, removed again on close.
 */
final class LocalApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalApi.class);

  private final ApiServer server;
  private final ApiAddressFile address;

  private LocalApi(ApiServer server, ApiAddressFile address) {
    this.server = server;
    this.address = address;
  }

  /** A busy port is no reason to stop the pipeline: any free port is taken instead, and named. */
  static LocalApi start(int port, Driver driver, LineageHome home) {
    LineageReads reads = new LineageReads(driver);
    String description = "embedded store " + home.neo4j();
    ApiServer server;
    try {
      try {
        server = ApiServer.start("127.0.0.1", port, reads, description);
      } catch (BindException e) {
        LOG.warn("port {} is busy; the API takes a free port instead", port);
        server = ApiServer.start("127.0.0.1", 0, reads, description);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the lineage API", e);
    }
    ApiAddressFile address = new ApiAddressFile(home);
    address.write(server.uri());
    return new LocalApi(server, address);
  }

  URI uri() {
    return server.uri();
  }

  @Override
  public void close() {
    address.deleteIfOurs();
    server.close();
  }
}
