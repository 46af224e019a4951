package io.github.lineage.api;

/** The graph has no node of the asked name: a 404 of the API, exit code 2 of the CLI. */
public final class UnknownNameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownNameException(String message) {
    super(message);
  }
}
