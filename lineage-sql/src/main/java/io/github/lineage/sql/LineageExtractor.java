package io.github.lineage.sql;

import io.github.lineage.core.model.FileLineage;

/**
 * Extracts table- and column-level lineage (docs/design.md §4) from the text of one SQL file.
 * Thread-safe: one instance serves every stream thread. Never throws for bad SQL: a statement that
 * cannot be parsed becomes an error entry of the result, and the file's other statements still
 * yield lineage.
 */
public interface LineageExtractor {

  /** Lineage of every statement of {@code content}; {@code path} is only reported back. */
  FileLineage extract(String path, String content);

  /**
   * Identifies the extraction logic; part of the parse-cache key, so a new engine version never
   * serves results cached by an old one.
   */
  String version();
}
