package io.github.lineage.sink;

import java.util.List;

/** The files that read and that write one table, by key. */
public record TableFiles(String table, List<String> readers, List<String> writers) {
  public TableFiles {
    readers = List.copyOf(readers);
    writers = List.copyOf(writers);
  }
}
