package io.github.lineage.core.config;

import java.util.Objects;

/** Where Neo4j is and how to log in. An empty user means no authentication. */
public record Neo4jSettings(String uri, String user, String password, String database) {

  public static final String ENV_URI = "NEO4J_URI";
  public static final String ENV_USER = "NEO4J_USER";
  public static final String ENV_PASSWORD = "NEO4J_PASSWORD";
  public static final String ENV_DATABASE = "NEO4J_DATABASE";
  public static final String DEFAULT_URI = "bolt://localhost:7687";

  public Neo4jSettings {
    Objects.requireNonNull(uri, "uri");
    if (!uri.matches("^(bolt|neo4j)(\\+s|\\+ssc)?://.+")) {
      throw new ConfigException(ENV_URI + " must be a bolt:// or neo4j:// URI, got '" + uri + "'");
    }
  }

  public static Neo4jSettings from(EnvReader env) {
    return new Neo4jSettings(
        env.string(ENV_URI, DEFAULT_URI),
        env.string(ENV_USER, ""),
        env.string(ENV_PASSWORD, ""),
        env.string(ENV_DATABASE, "neo4j"));
  }

  public boolean authenticated() {
    return user != null && !user.isEmpty();
  }

  @Override
  public String toString() {
    return "Neo4jSettings[uri=" + uri + ", user=" + user + ", database=" + database + "]";
  }
}
