package io.github.lineage.api;

import java.util.List;

/** Tables and columns whose name starts with {@code prefix} ({@code GET /api/search}). */
public record SearchResult(String prefix, List<Match> matches, boolean truncated) {
  public SearchResult {
    matches = List.copyOf(matches);
  }

  /** {@code kind} is {@code table} or {@code column}. */
  public record Match(String name, String kind) {}
}
