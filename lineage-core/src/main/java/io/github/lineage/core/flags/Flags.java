package io.github.lineage.core.flags;

import java.util.List;

/**
 * The one small interface every stage asks about feature flags. Implementations are thread-safe and
 * cheap to call per record: evaluation happens in memory against the last fetched toggles.
 */
public interface Flags extends AutoCloseable {

  /**
   * Whether {@code flag} is on for the file with record key {@code fileKey} ({@code source:path}).
   * Per-instance flags ignore the key.
   */
  boolean isEnabled(Flag flag, String fileKey);

  /** Whether a per-instance flag is on for this process. */
  default boolean isEnabled(Flag flag) {
    return isEnabled(flag, null);
  }

  /** Every flag with its source, rollout and effective state, for {@code lineage flags}. */
  List<FlagState> describe();

  /** How one flag stands now (the entry of {@link #describe()} for it). */
  default FlagState state(Flag flag) {
    for (FlagState state : describe()) {
      if (state.flag() == flag) {
        return state;
      }
    }
    throw new IllegalStateException("describe() does not cover " + flag);
  }

  /**
   * Failed fetches of the toggles from the flag server since start (0 without a server): while they
   * grow, every flag stays at its last known state and no rollout change reaches this process.
   */
  default long fetchFailures() {
    return 0;
  }

  @Override
  default void close() {}
}
