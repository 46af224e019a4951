package io.github.lineage.core.flags;

/**
 * The five feature toggles of docs/design.md §6: the Unleash toggle name, the environment kill
 * switch that wins over Unleash and the bootstrap file, and what the rollout is sticky on.
 */
public enum Flag {
  PARSE_CACHE("lineage.parse-cache", "FEATURE_PARSE_CACHE", Stickiness.FILE),
  BATCHING("lineage.batching", "FEATURE_BATCHING", Stickiness.FILE),
  NEO4J_BATCH("lineage.neo4j-batch", "FEATURE_NEO4J_BATCH", Stickiness.FILE),
  PARALLEL("lineage.parallel", "FEATURE_PARALLEL", Stickiness.INSTANCE),
  METRICS("lineage.metrics", "FEATURE_METRICS", Stickiness.INSTANCE);

  /** What a percentage rollout of a flag is computed over. */
  public enum Stickiness {
    /** Per file: the record key {@code source:path}, so a file stays on one path of the rollout. */
    FILE,
    /** Per process: the instance id, so one instance is either in or out. */
    INSTANCE
  }

  private final String toggleName;
  private final String envVar;
  private final Stickiness stickiness;

  Flag(String toggleName, String envVar, Stickiness stickiness) {
    this.toggleName = toggleName;
    this.envVar = envVar;
    this.stickiness = stickiness;
  }

  public String toggleName() {
    return toggleName;
  }

  public String envVar() {
    return envVar;
  }

  public Stickiness stickiness() {
    return stickiness;
  }

  public static Flag byToggleName(String name) {
    for (Flag flag : values()) {
      if (flag.toggleName.equals(name)) {
        return flag;
      }
    }
    throw new IllegalArgumentException("unknown flag: " + name);
  }
}
