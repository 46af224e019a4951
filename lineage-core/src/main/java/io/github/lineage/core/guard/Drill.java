package io.github.lineage.core.guard;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.RenamedFlags;
import io.github.lineage.core.model.FileLineage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A rollback rehearsal ({@code LINEAGE_DRILL=<flag>:<fail|corrupt|slow>}): only the flag's
 * on-cohort misbehaves, so the guard's rule for that flag should fire and switch it off. Off by
 * default; never set it in production outside a planned drill.
 */
public record Drill(Flag flag, Mode mode) {

  public static final String ENV = "LINEAGE_DRILL";

  /** How the on-cohort misbehaves. */
  public enum Mode {
    /** Its files fail in the parser (dead-lettered). */
    FAIL,
    /** Parse-cache hits served to it lose their first statement's lineage (wrong documents). */
    CORRUPT,
    /** Its files take {@link #SLOW_MILLIS} longer in the parser. */
    SLOW
  }

  public static final long SLOW_MILLIS = 300;

  public Drill {
    if (flag.stickiness() != Flag.Stickiness.FILE) {
      throw new ConfigException(
          ENV + ": " + flag.toggleName() + " is per instance; a drill needs a per-file flag");
    }
    if (mode == Mode.CORRUPT && flag != Flag.PARSE_CACHE) {
      throw new ConfigException(
          ENV + ": corrupt applies to " + Flag.PARSE_CACHE.toggleName() + " only");
    }
  }

  public static Optional<Drill> from(EnvReader env) {
    return env.optional(ENV).map(Drill::parse);
  }

  static Drill parse(String raw) {
    String text = raw.trim();
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new ConfigException(ENV + " must be <flag>:<fail|corrupt|slow>, got '" + raw + "'");
    }
    Flag flag;
    try {
      flag = RenamedFlags.process().byToggleName(text.substring(0, colon), ENV);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          ENV + ": unknown flag '" + text.substring(0, colon) + "' (a lineage.* toggle)");
    }
    try {
      return new Drill(flag, Mode.valueOf(text.substring(colon + 1).toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          ENV + ": mode '" + text.substring(colon + 1) + "' is not one of fail, corrupt, slow");
    }
  }

  /**
   * What the corrupt drill serves instead of a cache hit: the lineage without its first statement.
   */
  public static FileLineage corrupt(FileLineage lineage) {
    if (lineage.statements().isEmpty()) {
      return lineage;
    }
    return new FileLineage(
        lineage.path(),
        lineage.sha256(),
        List.copyOf(lineage.statements().subList(1, lineage.statements().size())),
        lineage.errors(),
        lineage.warnings());
  }

  @Override
  public String toString() {
    return flag.toggleName() + ":" + mode.name().toLowerCase(Locale.ROOT);
  }
}
