package io.github.lineage.core.flags;

import io.github.lineage.core.config.EnvReader;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment kill switches ({@code FEATURE_PARSE_CACHE=false}, ...): when set they win over
 * Unleash and the bootstrap file, so an operator can force a flag without reaching the server.
 */
public final class KillSwitches {

  private final Boolean[] forced = new Boolean[Flag.values().length];

  private KillSwitches(Map<Flag, Boolean> values) {
    values.forEach((flag, value) -> forced[flag.ordinal()] = value);
  }

  /**
   * Reads every {@link Flag#envVar()} (or a renamed flag's old variable); a value other than
   * true/false fails with its name.
   */
  public static KillSwitches from(EnvReader env) {
    return from(env, RenamedFlags.process());
  }

  static KillSwitches from(EnvReader env, RenamedFlags renamed) {
    Map<Flag, Boolean> values = new EnumMap<>(Flag.class);
    for (Flag flag : Flag.values()) {
      renamed.killSwitch(flag, env).ifPresent(value -> values.put(flag, value));
    }
    return new KillSwitches(values);
  }

  public static KillSwitches none() {
    return new KillSwitches(Map.of());
  }

  /** The forced value, or empty when the flag is left to Unleash. */
  public Optional<Boolean> get(Flag flag) {
    return Optional.ofNullable(forced[flag.ordinal()]);
  }

  /** Allocation-free variant of {@link #get} for the per-record path: null when not forced. */
  Boolean forcedOrNull(Flag flag) {
    return forced[flag.ordinal()];
  }
}
