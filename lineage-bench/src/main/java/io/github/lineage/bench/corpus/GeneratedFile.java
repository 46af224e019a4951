package io.github.lineage.bench.corpus;

import java.util.Objects;

/**
 * One file of a generated corpus: a relative path with forward slashes (never absolute, never
 * containing {@code ..}) and its UTF-8 text.
 */
public record GeneratedFile(String path, String content) {
  public GeneratedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    if (path.isBlank() || path.startsWith("/") || path.contains("\\") || path.contains("..")) {
      throw new IllegalArgumentException("path must be relative, with '/' separators: " + path);
    }
  }
}
