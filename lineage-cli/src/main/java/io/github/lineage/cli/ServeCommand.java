package io.github.lineage.cli;

import io.github.lineage.api.ApiAddressFile;
import io.github.lineage.api.ApiServer;
import io.github.lineage.api.LineageReads;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the lineage HTTP API (docs/api.md) and the explorer page at / from Neo4j at NEO4J_URI, or from the",
      "embedded store under $LINEAGE_HOME when nothing listens there. It only reads: give it a user that may",
      "only read (NEO4J_USER/NEO4J_PASSWORD). Port: --port, else $API_PORT, else 8080. Ctrl-C stops."
    })
public final class ServeCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--port",
      defaultValue = "${env:API_PORT:-" + ApiServer.DEFAULT_PORT + "}",
      description = "HTTP port (default ${DEFAULT-VALUE}; 0 = any).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description =
          "Address to listen on (default ${DEFAULT-VALUE}; 127.0.0.1 keeps it on this machine).")
  String host;

  @Option(
      names = "--home",
      description = "Embedded store location (default: $LINEAGE_HOME, else .lineage/).")
  Path homeDir;

  @Override
  public Integer call() throws Exception {
    EnvReader env = connection.env();
    LineageHome home = homeDir != null ? new LineageHome(homeDir) : LineageHome.from(env);
    PrintWriter out = spec.commandLine().getOut();
    try (GraphConnection graph = GraphConnection.open(env, home);
        ApiServer api = start(host, port, new LineageReads(graph.driver()), graph.description())) {
      // On the embedded store this process holds the store's lock: `lineage query` must ask it
      // instead.
      ApiAddressFile address = graph.isEmbedded() ? new ApiAddressFile(home) : null;
      if (address != null) {
        address.write(api.uri());
      }
      try {
        out.printf(
            "lineage serve: API and explorer on %s (graph: %s); Ctrl-C stops%n",
            api.uri(), graph.description());
        out.flush();
        awaitShutdownSignal();
      } finally {
        if (address != null) {
          address.deleteIfOurs();
        }
      }
      return 0;
    }
  }

  private static ApiServer start(String host, int port, LineageReads reads, String description)
      throws IOException {
    try {
      return ApiServer.start(host, port, reads, description);
    } catch (BindException e) {
      throw UserException.config(
          "cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); choose --port or API_PORT");
    }
  }

  static void awaitShutdownSignal() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "lineage-shutdown"));
    stop.await();
  }
}
