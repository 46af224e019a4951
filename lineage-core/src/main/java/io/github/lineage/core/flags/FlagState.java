package io.github.lineage.core.flags;

/**
 * How one flag stands for this instance: where its value comes from, the rollout percentage (0–100,
 * or -1 when not a percentage rollout), and whether it is on for this instance (for per-file flags:
 * whether it is on at all, for any file).
 */
public record FlagState(Flag flag, Source source, int rolloutPercent, boolean enabled) {

  /** Where a flag's value came from, in the order of precedence. */
  public enum Source {
    ENV,
    UNLEASH,
    BOOTSTRAP,
    DEFAULT
  }
}
