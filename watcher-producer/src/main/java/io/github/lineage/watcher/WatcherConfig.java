package io.github.lineage.watcher;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.kafka.RecordLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the watcher watches and how. Built once from the environment with {@link #from}; every value
 * is validated here so that a bad setting fails at start with the name of the variable.
 *
 * @param root the watched directory, absolute and with symlinks resolved (its real path)
 * @param source the name of the root in every key ({@code source:path}); never contains ':'
 * @param glob which relative paths are watched, matched case-insensitively ({@code **.sql})
 * @param maxFileBytes larger files are dead-lettered with reason {@code too_large}
 * @param stateDir where the published-state store lives
 * @param settleDelay filesystem events for one path within this delay coalesce into one
 * @param ignoreHidden skip files and directories whose name starts with '.' (.git, .idea, ...)
 * @param rescanInterval a full rescan reconciles the root with the published state this often while
 *     watching: the safety net for what the filesystem does not report (a directory that could not
 *     be watched, writes of other NFS clients, lost events); {@link Duration#ZERO} = never
 */
public record WatcherConfig(
    Path root,
    String source,
    String glob,
    long maxFileBytes,
    Path stateDir,
    Duration settleDelay,
    boolean ignoreHidden,
    Duration rescanInterval) {

  public static final String ENV_SOURCE = "WATCH_SOURCE";
  public static final String ENV_GLOB = "WATCH_GLOB";
  public static final String ENV_MAX_FILE_BYTES = RecordLimits.ENV_MAX_FILE_BYTES;
  public static final String ENV_SETTLE_MS = "WATCH_SETTLE_MS";
  public static final String ENV_IGNORE_HIDDEN = "WATCH_IGNORE_HIDDEN";
  public static final String ENV_RESCAN_INTERVAL_SECONDS = "WATCH_RESCAN_INTERVAL_SECONDS";

  public static final String DEFAULT_GLOB = "**.sql";
  public static final long DEFAULT_MAX_FILE_BYTES = RecordLimits.DEFAULT_MAX_FILE_BYTES;
  public static final Duration DEFAULT_SETTLE_DELAY = Duration.ofMillis(100);
  public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofMinutes(5);

  public WatcherConfig {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(glob, "glob");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(settleDelay, "settleDelay");
    Objects.requireNonNull(rescanInterval, "rescanInterval");
    if (!root.isAbsolute() || !Files.isDirectory(root)) {
      throw new ConfigException("watch root must be an existing directory: " + root);
    }
    if (source.isBlank() || source.contains(":")) {
      throw new ConfigException(
          ENV_SOURCE + " must be non-blank and contain no ':', got '" + source + "'");
    }
    if (maxFileBytes < 1) {
      throw new ConfigException(ENV_MAX_FILE_BYTES + " must be >= 1, got " + maxFileBytes);
    }
    if (settleDelay.isNegative()) {
      throw new ConfigException(ENV_SETTLE_MS + " must not be negative");
    }
    if (rescanInterval.isNegative()) {
      throw new ConfigException(
          ENV_RESCAN_INTERVAL_SECONDS + " must not be negative (0 turns the rescan off)");
    }
    // Compiles the glob once here so that a bad pattern fails at start, not on the first file.
    PathFilter.compile(glob, ignoreHidden);
  }

  /**
   * Reads {@code WATCH_*} from {@code env}; {@code root} must exist and be a directory. The source
   * defaults to the root directory's name, the state directory is {@code home.watcherState()}.
   */
  public static WatcherConfig from(EnvReader env, Path root, LineageHome home) {
    Objects.requireNonNull(root, "root");
    Path absolute = root.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw new ConfigException("watch root does not exist: " + absolute);
    }
    if (!Files.isDirectory(absolute)) {
      throw new ConfigException("watch root is not a directory: " + absolute);
    }
    Path real;
    try {
      real = absolute.toRealPath();
    } catch (IOException e) {
      throw new ConfigException("cannot resolve watch root " + absolute + ": " + e.getMessage(), e);
    }
    String defaultSource = real.getFileName() == null ? null : real.getFileName().toString();
    String source = env.optional(ENV_SOURCE).orElse(defaultSource);
    if (source == null) {
      throw new ConfigException(ENV_SOURCE + " must be set when watching " + real);
    }
    return new WatcherConfig(
        real,
        source,
        env.string(ENV_GLOB, DEFAULT_GLOB),
        RecordLimits.from(env).maxFileBytes(),
        home.watcherState(),
        env.millis(ENV_SETTLE_MS, DEFAULT_SETTLE_DELAY),
        env.bool(ENV_IGNORE_HIDDEN, true),
        env.seconds(ENV_RESCAN_INTERVAL_SECONDS, DEFAULT_RESCAN_INTERVAL));
  }

  /** The relative path of {@code file} under the root, with '/' separators. */
  String relativize(Path file) {
    String rel = root.relativize(file).toString();
    return file.getFileSystem().getSeparator().equals("/")
        ? rel
        : rel.replace(file.getFileSystem().getSeparator(), "/");
  }

  /** The absolute path of a relative path under the root. */
  Path resolve(String relativePath) {
    return relativePath.isEmpty() ? root : root.resolve(relativePath);
  }
}
