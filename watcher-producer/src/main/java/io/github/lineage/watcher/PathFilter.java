package io.github.lineage.watcher;

import io.github.lineage.core.config.ConfigException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Locale;

/**
 * Decides which relative paths the watcher looks at: the glob, matched case-insensitively (so
 * {@code **.sql} also takes {@code LOAD.SQL}), and the hidden-name rule.
 */
final class PathFilter {

  private final PathMatcher matcher;
  private final boolean ignoreHidden;

  private PathFilter(PathMatcher matcher, boolean ignoreHidden) {
    this.matcher = matcher;
    this.ignoreHidden = ignoreHidden;
  }

  static PathFilter compile(String glob, boolean ignoreHidden) {
    try {
      // Both sides lower-cased: the JDK's glob matcher is case-sensitive on Linux.
      PathMatcher matcher =
          FileSystems.getDefault().getPathMatcher("glob:" + glob.toLowerCase(Locale.ROOT));
      return new PathFilter(matcher, ignoreHidden);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          WatcherConfig.ENV_GLOB + " is not a valid glob: '" + glob + "' (" + e.getMessage() + ")",
          e);
    }
  }

  static PathFilter of(WatcherConfig config) {
    return compile(config.glob(), config.ignoreHidden());
  }

  /** True for a file path that should be published. */
  boolean isCandidate(String relativePath) {
    if (relativePath.isEmpty() || isHidden(relativePath)) {
      return false;
    }
    return matcher.matches(Path.of(relativePath.toLowerCase(Locale.ROOT)));
  }

  /** True when some segment of the path is hidden and hidden names are ignored. */
  boolean isHidden(String relativePath) {
    if (!ignoreHidden || relativePath.isEmpty()) {
      return false;
    }
    for (String segment : relativePath.split("/")) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
