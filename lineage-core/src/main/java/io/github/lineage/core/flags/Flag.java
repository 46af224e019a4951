package io.github.lineage.core.flags;

import java.util.Optional;

/**
 * The five feature toggles of docs/design.md §6: the Unleash toggle name, the environment kill
 * switch that wins over Unleash and the bootstrap file, and what the rollout is sticky on. A flag
 * that was renamed also knows its old toggle name and kill switch, which {@link RenamedFlags} still
 * accepts (docs/operations.md, "Renamed flags").
 */
public enum Flag {
  PARSE_CACHE("lineage.parse-cache", "FEATURE_PARSE_CACHE", Stickiness.FILE),
  /** The parser's debounce window; {@code lineage.batching} until it was named for what it does. */
  DEBOUNCE(
      "lineage.debounce",
      "FEATURE_DEBOUNCE",
      Stickiness.FILE,
      "lineage.batching",
      "FEATURE_BATCHING"),
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
  private final String legacyToggleName;
  private final String legacyEnvVar;

  Flag(String toggleName, String envVar, Stickiness stickiness) {
    this(toggleName, envVar, stickiness, null, null);
  }

  Flag(
      String toggleName,
      String envVar,
      Stickiness stickiness,
      String legacyToggleName,
      String legacyEnvVar) {
    this.toggleName = toggleName;
    this.envVar = envVar;
    this.stickiness = stickiness;
    this.legacyToggleName = legacyToggleName;
    this.legacyEnvVar = legacyEnvVar;
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

  /** The toggle name the flag had before it was renamed, if it was. */
  public Optional<String> legacyToggleName() {
    return Optional.ofNullable(legacyToggleName);
  }

  /** The kill switch the flag had before it was renamed, if it was. */
  public Optional<String> legacyEnvVar() {
    return Optional.ofNullable(legacyEnvVar);
  }

  /**
   * The flag of a current toggle name only; names a person or a file gives go through {@link
   * RenamedFlags#byToggleName}, which also takes old names.
   */
  public static Flag byToggleName(String name) {
    for (Flag flag : values()) {
      if (flag.toggleName.equals(name)) {
        return flag;
      }
    }
    throw new IllegalArgumentException("unknown flag: " + name);
  }
}
