package io.github.lineage.cli;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaClientConfig;
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

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers (env " + KafkaSettings.ENV_BOOTSTRAP + ").")
  String kafka;

  @Option(
      names = {"--kafka-config", "--command-config"},
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*...), as for Kafka's own tools (env "
              + KafkaClientConfig.ENV_FILE
              + "; KAFKA_* variables win over it).")
  String kafkaConfig;

  @Option(
      names = "--neo4j-uri",
      paramLabel = "URI",
      description = "Neo4j Bolt URI (env " + Neo4jSettings.ENV_URI + ").")
  String neo4jUri;

  @Option(
      names = "--neo4j-user",
      paramLabel = "USER",
      description =
          "Neo4j user (env "
              + Neo4jSettings.ENV_USERNAME
              + " or "
              + Neo4jSettings.ENV_USER
              + "; password from "
              + Neo4jSettings.ENV_PASSWORD
              + ").")
  String neo4jUser;

  @Option(
      names = "--neo4j-database",
      paramLabel = "NAME",
      description =
          "Neo4j database (env " + Neo4jSettings.ENV_DATABASE + "; default: the server's).")
  String neo4jDatabase;

  /** The process environment with the flags given on the command line on top. */
  EnvReader env() {
    Map<String, String> overrides = new HashMap<>();
    if (kafka != null) {
      overrides.put(KafkaSettings.ENV_BOOTSTRAP, kafka);
    }
    if (kafkaConfig != null) {
      overrides.put(KafkaClientConfig.ENV_FILE, kafkaConfig);
    }
    if (neo4jUri != null) {
      overrides.put(Neo4jSettings.ENV_URI, neo4jUri);
    }
    if (neo4jUser != null) {
      // The flag names the user: neither variable may contradict it.
      overrides.put(Neo4jSettings.ENV_USERNAME, neo4jUser);
      overrides.put(Neo4jSettings.ENV_USER, neo4jUser);
    }
    if (neo4jDatabase != null) {
      overrides.put(Neo4jSettings.ENV_DATABASE, neo4jDatabase);
    }
    return EnvReader.system().with(overrides);
  }
}
