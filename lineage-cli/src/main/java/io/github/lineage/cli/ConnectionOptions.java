package io.github.lineage.cli;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.Neo4jSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Connection settings a command accepts as flags; a flag wins over the environment variable of the
 * same setting. Passwords stay environment-only so they never show in a process list.
 */
final class ConnectionOptions {

  @Option(names = "--kafka", paramLabel = "HOST:PORT[,...]", description = "Kafka bootstrap servers (env " + KafkaSettings.ENV_BOOTSTRAP + ").")
  String kafka;

  @Option(names = "--neo4j-uri", paramLabel = "URI", description = "Neo4j Bolt URI (env " + Neo4jSettings.ENV_URI + ").")
  String neo4jUri;

  @Option(names = "--neo4j-user", paramLabel = "USER", description = "Neo4j user (env " + Neo4jSettings.ENV_USER + "; password from " + Neo4jSettings.ENV_PASSWORD + ").")
  String neo4jUser;

  /** The process environment with the flags given on the command line on top. */
  EnvReader env() {
    Map<String, String> overrides = new HashMap<>();
    if (kafka != null) {
      overrides.put(KafkaSettings.ENV_BOOTSTRAP, kafka);
    }
    if (neo4jUri != null) {
      overrides.put(Neo4jSettings.ENV_URI, neo4jUri);
    }
    if (neo4jUser != null) {
      overrides.put(Neo4jSettings.ENV_USER, neo4jUser);
    }
    return EnvReader.system().with(overrides);
  }
}
