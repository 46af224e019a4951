package io.github.lineage.core.config;

import java.nio.file.Path;

/**
 * The data directory of a process ({@code $LINEAGE_HOME}, default {@code .lineage/} in the working
 * directory): embedded Kafka and Neo4j data, the watcher's published state, Streams state.
 */
public record LineageHome(Path root) {

  public static final String ENV = "LINEAGE_HOME";
  public static final String DEFAULT_DIR = ".lineage";

  public LineageHome {
    root = root.toAbsolutePath().normalize();
  }

  public static LineageHome from(EnvReader env) {
    return new LineageHome(env.path(ENV, Path.of(DEFAULT_DIR)));
  }

  public Path kafka() {
    return root.resolve("kafka");
  }

  public Path neo4j() {
    return root.resolve("neo4j");
  }

  public Path watcherState() {
    return root.resolve("watcher");
  }

  public Path streamsState() {
    return root.resolve("streams");
  }
}
