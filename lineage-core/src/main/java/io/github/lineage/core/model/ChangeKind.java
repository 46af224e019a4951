package io.github.lineage.core.model;

/** What happened to a file. A rename is a DELETE of the old path and an UPSERT of the new one. */
public enum ChangeKind {
  UPSERT,
  DELETE
}
