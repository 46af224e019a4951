package io.github.lineage.core.model;

import java.util.Optional;

/**
 * Every kind of statement the lineage engine reports (docs/design.md §2, §4). The document JSON
 * carries {@link #name()} in {@link StatementLineage#kind()}, which stays a string on the wire:
 * documents written before this enum existed decode unchanged, and a kind added by a newer engine
 * still decodes in an older reader ({@link #of} then says it is unknown instead of failing the
 * whole document).
 */
public enum StatementKind {
  /** A query with no target: only its sources count. */
  SELECT,
  /** {@code SELECT … INTO t}. */
  SELECT_INTO,
  /**
   * INSERT in all its forms (OVERWRITE, ON CONFLICT, UPSERT, Oracle INSERT ALL, Hive multi-insert
   * branches).
   */
  INSERT,
  /** CREATE TABLE without a query: DDL, LIKE, CLONE. */
  CREATE_TABLE,
  /** CREATE TABLE … AS SELECT (and Hive's {@code CREATE TABLE t SELECT}). */
  CREATE_TABLE_AS,
  /** CREATE [OR REPLACE] VIEW and ALTER VIEW … AS. */
  CREATE_VIEW,
  MERGE,
  UPDATE,
  DELETE,
  TRUNCATE,
  /**
   * A table takes another's contents: Snowflake SWAP WITH, EXCHANGE PARTITION, Vertica partition
   * swaps.
   */
  EXCHANGE,
  /** COPY between a table or query and storage (paths are never tables). */
  COPY,
  /** Redshift UNLOAD of a quoted query. */
  UNLOAD,
  DROP,
  /** An ALTER other than EXCHANGE: no lineage. */
  ALTER,
  /** Any other statement the engine read: no lineage, and no error either. */
  OTHER;

  /** The kind named {@code wire} in a document; empty for a kind this version does not know. */
  public static Optional<StatementKind> of(String wire) {
    for (StatementKind k : values()) {
      if (k.name().equals(wire)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
