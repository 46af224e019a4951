package io.github.lineage.sink;

import java.util.Objects;

/** The new state of one file: its contribution, or null when the file was deleted (tombstone). */
record FileState(String key, FileGraph graph) {

  public FileState {
    Objects.requireNonNull(key, "key");
    if (graph != null && !graph.key().equals(key)) {
      throw new IllegalArgumentException("graph of " + graph.key() + " under key " + key);
    }
  }

  public static FileState upsert(FileGraph graph) {
    return new FileState(graph.key(), graph);
  }

  public static FileState delete(String key) {
    return new FileState(key, null);
  }

  public boolean isDelete() {
    return graph == null;
  }
}
