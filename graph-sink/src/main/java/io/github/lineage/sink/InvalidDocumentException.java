package io.github.lineage.sink;

/** A document that decodes but cannot become graph data; it is dead-lettered without retries. */
public final class InvalidDocumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidDocumentException(String message) {
    super(message);
  }
}
