package io.github.lineage.core.guard;

import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.FlagState;
import io.github.lineage.core.flags.Flags;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The process's {@link Flags} with the guard's override layer on top: a flag the guard switched off
 * is off for every file at once, whatever Unleash, the bootstrap file or a kill switch says, until
 * the process restarts (by then the Unleash toggle is off too, when the guard could reach the
 * server). {@code feature_flag_enabled} reads {@link #describe()}, so it drops to 0.
 */
public final class GuardedFlags implements Flags {

  private final Flags delegate;
  private final Set<Flag> disabled = EnumSet.noneOf(Flag.class);

  /**
   * Overridden flags the flag source has shown off since: a later "on" there is a person's
   * re-enable.
   */
  private final Set<Flag> seenOffAtSource = EnumSet.noneOf(Flag.class);

  public GuardedFlags(Flags delegate) {
    this.delegate = delegate;
  }

  public void disable(Flag flag) {
    synchronized (disabled) {
      disabled.add(flag);
    }
  }

  /** Lifts the override (a person turned the flag back on). */
  public void enable(Flag flag) {
    synchronized (disabled) {
      disabled.remove(flag);
      seenOffAtSource.remove(flag);
    }
  }

  /**
   * The overridden flags that the flag source shows off and then on again — someone re-enabled the
   * toggle on the Unleash server after the rollback — with their override lifted.
   */
  public List<Flag> liftReEnabled() {
    List<Flag> lifted = new ArrayList<>();
    synchronized (disabled) {
      for (Flag flag : EnumSet.copyOf(disabled)) {
        boolean onAtSource = delegate.state(flag).enabled();
        if (!onAtSource) {
          seenOffAtSource.add(flag);
        } else if (seenOffAtSource.contains(flag)) {
          disabled.remove(flag);
          seenOffAtSource.remove(flag);
          lifted.add(flag);
        }
      }
    }
    return lifted;
  }

  public Set<Flag> overridden() {
    synchronized (disabled) {
      return disabled.isEmpty() ? Set.of() : EnumSet.copyOf(disabled);
    }
  }

  public boolean overridden(Flag flag) {
    synchronized (disabled) {
      return disabled.contains(flag);
    }
  }

  @Override
  public boolean isEnabled(Flag flag, String fileKey) {
    return !overridden(flag) && delegate.isEnabled(flag, fileKey);
  }

  @Override
  public long fetchFailures() {
    return delegate.fetchFailures();
  }

  @Override
  public List<FlagState> describe() {
    List<FlagState> states = new ArrayList<>();
    for (FlagState state : delegate.describe()) {
      states.add(
          overridden(state.flag()) ? new FlagState(state.flag(), state.source(), 0, false) : state);
    }
    return states;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
