package io.github.lineage.core.flags;

import io.github.lineage.core.config.EnvReader;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides between a renamed flag's new and old names ({@link
 * Flag#legacyToggleName()}, {@link Flag#legacyEnvVar()}), so a team whose Unleash, bootstrap file,
 * kill switches or guard rules still use the old name keeps working through the migration: the old
 * name is followed only while the new one is not there, and each use of an old name is warned about
 * once per process, naming both and docs/operations.md.
 */
public final class RenamedFlags {

  /** Where the warnings send a person. */
  public static final String DOCS = "docs/operations.md, \"Renamed flags\"";

  private static final Logger LOG = LoggerFactory.getLogger(RenamedFlags.class);
  private static final RenamedFlags PROCESS = new RenamedFlags(LOG::warn);

  private final Consumer<String> warnings;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private RenamedFlags(Consumer<String> warnings) {
    this.warnings = warnings;
  }

  /** The process's instance: warnings go to the log, each one once per process. */
  public static RenamedFlags process() {
    return PROCESS;
  }

  /** An instance whose warnings go to {@code warnings} (tests, to see what a person would see). */
  public static RenamedFlags warningTo(Consumer<String> warnings) {
    return new RenamedFlags(warnings);
  }

  /**
   * The flag a person or a file names: a current toggle name, or an old one (with a warning that
   * {@code where} should use the new one).
   *
   * @throws IllegalArgumentException for a name that is neither
   */
  public Flag byToggleName(String name, String where) {
    for (Flag flag : Flag.values()) {
      if (flag.toggleName().equals(name)) {
        return flag;
      }
    }
    for (Flag flag : Flag.values()) {
      if (flag.legacyToggleName().filter(name::equals).isPresent()) {
        warnOnce(
            name + "\u0000" + where,
            where
                + " names flag "
                + name
                + ", the old name of "
                + flag.toggleName()
                + "; it is taken as "
                + flag.toggleName()
                + ". Rename it ("
                + DOCS
                + ")");
        return flag;
      }
    }
    throw new IllegalArgumentException("unknown flag: " + name);
  }

  /**
   * The Unleash toggle to evaluate for {@code flag} against a flag source (server answer, backup or
   * bootstrap file) that defines the toggles {@code defined} accepts: the new name when the source
   * has it, the old one while only that is there, else the new name (evaluated as off).
   *
   * @param source what the source is, for the warning ("Unleash at …", a bootstrap file)
   */
  public String toggleToEvaluate(Flag flag, Predicate<String> defined, String source) {
    if (defined.test(flag.toggleName())) {
      return flag.toggleName();
    }
    Optional<String> legacy = flag.legacyToggleName().filter(defined);
    if (legacy.isEmpty()) {
      return flag.toggleName();
    }
    warnOnce(
        legacy.get() + "\u0000toggle",
        source
            + " defines toggle "
            + legacy.get()
            + " but not "
            + flag.toggleName()
            + ", its new name: "
            + flag.toggleName()
            + " follows "
            + legacy.get()
            + " until "
            + flag.toggleName()
            + " exists, which then wins ("
            + DOCS
            + ")");
    return legacy.get();
  }

  /**
   * The kill switch of {@code flag}: its variable, else its old variable (with a warning); the new
   * variable wins when both are set.
   */
  public Optional<Boolean> killSwitch(Flag flag, EnvReader env) {
    Optional<Boolean> current = env.bool(flag.envVar());
    Optional<String> legacy = flag.legacyEnvVar().filter(name -> env.optional(name).isPresent());
    if (legacy.isEmpty()) {
      return current;
    }
    Optional<Boolean> old = env.bool(legacy.get());
    if (current.isPresent()) {
      warnOnce(
          legacy.get() + "\u0000env",
          "both "
              + flag.envVar()
              + " and its old name "
              + legacy.get()
              + " are set: "
              + legacy.get()
              + " is ignored, unset it ("
              + DOCS
              + ")");
      return current;
    }
    warnOnce(
        legacy.get() + "\u0000env",
        legacy.get()
            + " is the old name of the kill switch "
            + flag.envVar()
            + " (flag "
            + flag.toggleName()
            + ", formerly "
            + flag.legacyToggleName().orElse("?")
            + "); it is still obeyed. Rename it ("
            + DOCS
            + ")");
    return old;
  }

  /**
   * The current toggle name for a name that may be an old one, silently: for records written before
   * the rename (the guard's rollback log), which nobody has to edit.
   */
  public static String currentName(String toggleName) {
    for (Flag flag : Flag.values()) {
      if (flag.legacyToggleName().filter(toggleName::equals).isPresent()) {
        return flag.toggleName();
      }
    }
    return toggleName;
  }

  private void warnOnce(String key, String message) {
    if (warned.add(key)) {
      warnings.accept(message);
    }
  }
}
