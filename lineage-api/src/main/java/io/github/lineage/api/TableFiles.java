package io.github.lineage.api;

import java.util.List;

/**
 * The files that write and that read a table ({@code GET /api/files}, {@code lineage query files}).
 */
public record TableFiles(String table, List<String> writers, List<String> readers) {
  public TableFiles {
    writers = List.copyOf(writers);
    readers = List.copyOf(readers);
  }
}
