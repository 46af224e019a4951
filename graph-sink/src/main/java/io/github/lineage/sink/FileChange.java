package io.github.lineage.sink;

import java.util.Objects;

/** The new state of one file: its contribution, or null when the file was deleted (tombstone). */
public record FileChange(String key, FileGraph graph) {

  public FileChange {
    Objects.requireNonNull(key, "key");
    if (graph != null && !graph.key().equals(key)) {
      throw new IllegalArgumentException("graph of " + graph.key() + " under key " + key);
    }
  }

  public static FileChange upsert(FileGraph graph) {
    return new FileChange(graph.key(), graph);
  }

  public static FileChange delete(String key) {
    return new FileChange(key, null);
  }

  public boolean isDelete() {
    return graph == null;
  }
}
