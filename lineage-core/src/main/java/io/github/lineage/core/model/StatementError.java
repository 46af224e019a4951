package io.github.lineage.core.model;

import java.util.Objects;

/** A statement that could not be parsed or analysed; it contributes nothing but this entry. */
public record StatementError(int index, int line, String message) {
  public StatementError {
    Objects.requireNonNull(message, "message");
  }
}
