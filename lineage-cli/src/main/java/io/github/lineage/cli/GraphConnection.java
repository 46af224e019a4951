package io.github.lineage.cli;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.config.Neo4jSettings;
import io.github.lineage.local.EmbeddedNeo4j;
import java.nio.file.Files;
import org.neo4j.driver.Driver;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

/**
 * A driver for the read-side commands: Neo4j at {@code NEO4J_URI}, or the embedded store that
 * {@code lineage local} left under {@code $LINEAGE_HOME}. The store is opened only when no address
 * was given (neither {@code NEO4J_URI} nor {@code --neo4j-uri}) and nothing listens at the default
 * one: a named server that is down, a host name that does not resolve, a TLS or credentials error
 * are errors, never a silent answer from another graph.
 */
final class GraphConnection implements AutoCloseable {

  private final Driver driver;
  private final EmbeddedNeo4j embedded;
  private final String description;

  private GraphConnection(Driver driver, EmbeddedNeo4j embedded, String description) {
    this.driver = driver;
    this.embedded = embedded;
    this.description = description;
  }

  static GraphConnection open(EnvReader env, LineageHome home) {
    Neo4jSettings settings = Neo4jSettings.from(env);
    boolean named = env.optional(Neo4jSettings.ENV_URI).isPresent();
    Driver driver = Neo4jConnections.open(settings);
    try {
      driver.verifyConnectivity();
    } catch (AuthenticationException e) {
      driver.close();
      throw UserException.unreachable(
          "Neo4j at "
              + settings.uri()
              + " refused the credentials ("
              + Neo4jSettings.ENV_USERNAME
              + "/"
              + Neo4jSettings.ENV_PASSWORD
              + ")");
    } catch (ServiceUnavailableException e) {
      driver.close();
      if (named || !nothingListens(e)) {
        throw UserException.unreachable(
            "Neo4j at "
                + settings.uri()
                + " cannot be reached: "
                + rootMessage(e)
                + (named ? "" : " (set " + Neo4jSettings.ENV_URI + ")"),
            e);
      }
      return embedded(settings, home);
    }
    try {
      Neo4jConnections.require(driver, settings);
    } catch (UserException e) {
      driver.close();
      throw e;
    }
    return new GraphConnection(driver, null, settings.uri());
  }

  /** Nothing listens at {@code NEO4J_URI}: the store {@code lineage local} left, if any. */
  private static GraphConnection embedded(Neo4jSettings settings, LineageHome home) {
    if (!Files.isDirectory(home.neo4j())) {
      throw UserException.unreachable(
          "nothing listens at "
              + settings.uri()
              + " and there is no embedded store under "
              + home.root()
              + "; run `lineage local DIR --once` first or set NEO4J_URI");
    }
    if (!Build.hasEmbeddedServers()) {
      throw UserException.unreachable(
          "nothing listens at " + settings.uri() + "; " + Build.SERVICE_BUILD_MESSAGE);
    }
    EmbeddedNeo4j neo4j;
    try {
      neo4j = EmbeddedNeo4j.start(home.neo4j(), 0);
    } catch (RuntimeException e) {
      throw UserException.unreachable(
          "cannot open the embedded store under "
              + home.neo4j()
              + " (is another lineage process using it?): "
              + e.getMessage(),
          e);
    }
    return new GraphConnection(
        Neo4jConnections.open(neo4j.boltUri()), neo4j, "embedded store " + home.neo4j());
  }

  /** A refused connection: the address resolved and no server listens on it. */
  static boolean nothingListens(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + t + ")";
  }

  Driver driver() {
    return driver;
  }

  String description() {
    return description;
  }

  /** True when this process opened the embedded store (and so holds its lock). */
  boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    driver.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
