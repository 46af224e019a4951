package io.github.lineage.core.flags;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Flags fixed for the life of the process: used by tests and the benchmark's two runs. */
public final class StaticFlags implements Flags {

  private final Set<Flag> enabled;

  private StaticFlags(Set<Flag> enabled) {
    this.enabled = enabled.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(enabled);
  }

  public static StaticFlags allOn() {
    return new StaticFlags(EnumSet.allOf(Flag.class));
  }

  public static StaticFlags allOff() {
    return new StaticFlags(EnumSet.noneOf(Flag.class));
  }

  public static StaticFlags only(Flag... flags) {
    return new StaticFlags(
        flags.length == 0 ? EnumSet.noneOf(Flag.class) : EnumSet.of(flags[0], flags));
  }

  @Override
  public boolean isEnabled(Flag flag, String fileKey) {
    return enabled.contains(flag);
  }

  @Override
  public List<FlagState> describe() {
    List<FlagState> states = new ArrayList<>();
    for (Flag flag : Flag.values()) {
      boolean on = enabled.contains(flag);
      states.add(new FlagState(flag, FlagState.Source.DEFAULT, on ? 100 : 0, on));
    }
    return states;
  }
}
