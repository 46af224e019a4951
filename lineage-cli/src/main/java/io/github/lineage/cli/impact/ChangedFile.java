package io.github.lineage.cli.impact;

import java.util.Objects;

/**
 * One SQL file a change touches: its path relative to the watched root, and its content before and
 * after (null where the file does not exist on that side).
 */
public record ChangedFile(String path, String before, String after) {

  public enum Status {
    added,
    modified,
    deleted
  }

  public ChangedFile {
    Objects.requireNonNull(path, "path");
    if (before == null && after == null) {
      throw new IllegalArgumentException(path + " exists on neither side");
    }
  }

  public Status status() {
    return before == null ? Status.added : after == null ? Status.deleted : Status.modified;
  }
}
