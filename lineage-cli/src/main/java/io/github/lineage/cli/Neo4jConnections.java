package io.github.lineage.cli;

import io.github.lineage.core.config.Neo4jSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

/**
 * Opens drivers the one way the CLI does: SLF4J logging, auth from the settings, every session on
 * {@code NEO4J_DATABASE} when it is set. The URI goes to the driver as it is, so {@code neo4j+s://}
 * and {@code bolt+s://} (Aura, a server with a CA-signed certificate) bring their own TLS settings.
 */
public final class Neo4jConnections {

  static final String PROBE = "RETURN 1";
  static final String DATABASE_NAMES =
      "SHOW DATABASES YIELD name RETURN DISTINCT name ORDER BY name";
  static final String DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound";

  private Neo4jConnections() {}

  // The driver's Logging is deprecated for System.Logger, which would bypass the SLF4J setup.
  @SuppressWarnings("deprecation")
  static Driver open(Neo4jSettings settings) {
    AuthToken auth =
        settings.authenticated()
            ? AuthTokens.basic(settings.user(), settings.password())
            : AuthTokens.none();
    Config config =
        Config.builder()
            .withLogging(Logging.slf4j())
            .withConnectionTimeout(5, TimeUnit.SECONDS)
            .build();
    Driver driver = GraphDatabase.driver(settings.uri(), auth, config);
    return settings.databaseName().<Driver>map(db -> new DatabaseDriver(driver, db)).orElse(driver);
  }

  public static Driver open(String boltUri) {
    return open(new Neo4jSettings(boltUri, "", "", ""));
  }

  /**
   * Returns once a session on the configured database answers; else a {@link UserException} that
   * says which: nothing listening, refused credentials, or no such database (naming it and the
   * databases the server has).
   */
  static void require(Driver driver, Neo4jSettings settings) {
    String database = settings.databaseName().orElse("(the server's default)");
    try (Session session = driver.session()) {
      session.run(PROBE).consume();
    } catch (AuthenticationException e) {
      throw UserException.unreachable(
          "Neo4j at "
              + settings.uri()
              + " refused the credentials ("
              + Neo4jSettings.ENV_USERNAME
              + "/"
              + Neo4jSettings.ENV_PASSWORD
              + ")",
          e);
    } catch (ServiceUnavailableException e) {
      throw UserException.unreachable(
          "nothing answers at "
              + settings.uri()
              + ": "
              + e.getMessage()
              + " (set "
              + Neo4jSettings.ENV_URI
              + ")",
          e);
    } catch (Neo4jException e) {
      if (DATABASE_NOT_FOUND.equals(e.code())) {
        throw UserException.notFound(
            "Neo4j at "
                + settings.uri()
                + " has no database '"
                + database
                + "'"
                + knownDatabases(driver)
                + " (set "
                + Neo4jSettings.ENV_DATABASE
                + ")",
            e);
      }
      throw UserException.unreachable(
          "Neo4j at "
              + settings.uri()
              + ", database "
              + database
              + ", is not usable: "
              + e.getMessage(),
          e);
    }
  }

  /** "; it has: neo4j, system" when the user may list them, else nothing. */
  private static String knownDatabases(Driver driver) {
    try (Session session = driver.session(SessionConfig.forDatabase("system"))) {
      List<String> names = session.run(DATABASE_NAMES).list(r -> r.get("name").asString());
      return names.isEmpty() ? "" : "; it has: " + String.join(", ", names);
    } catch (RuntimeException e) {
      return "";
    }
  }
}
