package io.github.lineage.core.model;

import java.util.Objects;

/**
 * The key of every record in the pipeline: {@code <source>:<relative path>}. The source names the
 * watched root, the path is relative to it with {@code /} separators, so one file always lands on
 * one partition, in order.
 */
public record SourceKey(String source, String path) {

  public SourceKey {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(path, "path");
    if (source.isBlank() || source.contains(":")) {
      throw new IllegalArgumentException("source must be non-blank and contain no ':': " + source);
    }
    if (path.isBlank() || path.startsWith("/") || path.contains("\\")) {
      throw new IllegalArgumentException("path must be relative with '/' separators: " + path);
    }
  }

  /** Parses {@code source:path}; the path may itself contain ':'. */
  public static SourceKey parse(String key) {
    Objects.requireNonNull(key, "key");
    int colon = key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1) {
      throw new IllegalArgumentException("not a <source>:<path> key: " + key);
    }
    return new SourceKey(key.substring(0, colon), key.substring(colon + 1));
  }

  @Override
  public String toString() {
    return source + ":" + path;
  }
}
