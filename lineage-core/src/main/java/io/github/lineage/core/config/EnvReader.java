package io.github.lineage.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, validated reads of environment-style settings. Every config record of the project is built
 * once from one of these, so a bad value fails at start-up with the name of the setting.
 */
public final class EnvReader {

  private final Map<String, String> env;

  public EnvReader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static EnvReader system() {
    return new EnvReader(System.getenv());
  }

  /** A reader whose values are {@code overrides} on top of this one's. */
  public EnvReader with(Map<String, String> overrides) {
    var merged = new java.util.HashMap<>(env);
    merged.putAll(overrides);
    return new EnvReader(merged);
  }

  public Optional<String> optional(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * As {@link #optional(String)}, keeping the value's surrounding blanks (a password may have
   * them).
   */
  public Optional<String> optionalUntrimmed(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /**
   * Every set, non-blank setting whose name starts with {@code prefix}, values trimmed, by name.
   */
  public java.util.SortedMap<String, String> withPrefix(String prefix) {
    java.util.SortedMap<String, String> found = new java.util.TreeMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(prefix) && value != null && !value.isBlank()) {
            found.put(name, value.trim());
          }
        });
    return found;
  }

  public String string(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  /** Every name that has a value, for settings that are a family of names (a prefix). */
  public java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(env.keySet());
  }

  public String required(String name) {
    return optional(name).orElseThrow(() -> new ConfigException(name + " must be set"));
  }

  public int integer(String name, int fallback, int min, int max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value < min || value > max) {
        throw new ConfigException(
            name + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be an integer, got '" + raw.get() + "'");
    }
  }

  public long longValue(String name, long fallback, long min, long max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.get());
      if (value < min || value > max) {
        throw new ConfigException(
            name + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be an integer, got '" + raw.get() + "'");
    }
  }

  /** A duration given in seconds, fractions allowed ({@code 0.5}). */
  public Duration seconds(String name, Duration fallback) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      double seconds = Double.parseDouble(raw.get());
      if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
        throw new ConfigException(
            name + " must be a non-negative number of seconds, got " + raw.get());
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a number of seconds, got '" + raw.get() + "'");
    }
  }

  public Duration millis(String name, Duration fallback) {
    return Duration.ofMillis(longValue(name, fallback.toMillis(), 0, Long.MAX_VALUE));
  }

  /** {@code true/false}, also {@code 1/0}, {@code yes/no}, {@code on/off}; empty when unset. */
  public Optional<Boolean> bool(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    switch (raw.get().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on":
        return Optional.of(true);
      case "false", "0", "no", "off":
        return Optional.of(false);
      default:
        throw new ConfigException(name + " must be true or false, got '" + raw.get() + "'");
    }
  }

  public boolean bool(String name, boolean fallback) {
    return bool(name).orElse(fallback);
  }

  public Path path(String name, Path fallback) {
    return optional(name).map(Path::of).orElse(fallback);
  }
}
