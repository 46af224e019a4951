package io.github.lineage.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where Neo4j is, how to log in and which database holds the graph. An empty user means no
 * authentication; an empty database means the server's default (the user's home database). {@code
 * neo4j+s://} and {@code bolt+s://} (TLS, e.g. Aura) and their {@code +ssc} forms are handed to the
 * driver as they are.
 */
public record Neo4jSettings(String uri, String user, String password, String database) {

  public static final String ENV_URI = "NEO4J_URI";

  /** Neo4j's own name for the user (its tools and Aura's credential files use it). */
  public static final String ENV_USERNAME = "NEO4J_USERNAME";

  /** The name this project read first; still read. */
  public static final String ENV_USER = "NEO4J_USER";

  public static final String ENV_PASSWORD = "NEO4J_PASSWORD";
  public static final String ENV_DATABASE = "NEO4J_DATABASE";
  public static final String DEFAULT_URI = "bolt://localhost:7687";

  public Neo4jSettings {
    Objects.requireNonNull(uri, "uri");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    database = database == null ? "" : database;
    if (!uri.matches("^(bolt|neo4j)(\\+s|\\+ssc)?://.+")) {
      throw new ConfigException(
          ENV_URI + " must be a bolt://, bolt+s://, neo4j:// or neo4j+s:// URI, got '" + uri + "'");
    }
  }

  public static Neo4jSettings from(EnvReader env) {
    return new Neo4jSettings(
        env.string(ENV_URI, DEFAULT_URI),
        user(env),
        env.optionalUntrimmed(ENV_PASSWORD).orElse(""),
        env.string(ENV_DATABASE, ""));
  }

  private static String user(EnvReader env) {
    Optional<String> username = env.optional(ENV_USERNAME);
    Optional<String> legacy = env.optional(ENV_USER);
    if (username.isPresent() && legacy.isPresent() && !username.equals(legacy)) {
      throw new ConfigException(
          ENV_USERNAME + " and " + ENV_USER + " are both set, to different users: set one");
    }
    return username.or(() -> legacy).orElse("");
  }

  public boolean authenticated() {
    return !user.isEmpty();
  }

  /** The database every session opens on; empty for the server's default. */
  public Optional<String> databaseName() {
    return database.isEmpty() ? Optional.empty() : Optional.of(database);
  }

  @Override
  public String toString() {
    return "Neo4jSettings[uri="
        + uri
        + ", user="
        + user
        + ", database="
        + databaseName().orElse("(default)")
        + "]";
  }
}
