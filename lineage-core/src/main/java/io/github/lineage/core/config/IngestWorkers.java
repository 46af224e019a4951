package io.github.lineage.core.config;

/**
 * {@code INGEST_WORKERS}: with flag {@code lineage.parallel} on, the parser's stream threads and
 * the sink's consumers per process (one when off). One setting for both stages, so one reading of
 * it: more workers than partitions of the topic a stage reads stay idle, hence the limit.
 */
public final class IngestWorkers {

  public static final String ENV = "INGEST_WORKERS";
  public static final int DEFAULT = 4;
  public static final int MIN = 1;

  /** Well above any partition count the pipeline is run with; a typo (400) is caught. */
  public static final int MAX = 64;

  private IngestWorkers() {}

  public static int from(EnvReader env) {
    return env.integer(ENV, DEFAULT, MIN, MAX);
  }

  /**
   * {@code count} when it is within the limit; else a {@link ConfigException} naming the setting.
   */
  public static int check(int count) {
    if (count < MIN || count > MAX) {
      throw new ConfigException(ENV + " must be between " + MIN + " and " + MAX + ", got " + count);
    }
    return count;
  }
}
