package io.github.lineage.api;

/**
 * A parameter outside its bounds or of the wrong form: a 400 of the API, exit code 2 of the CLI.
 */
public final class InvalidRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }
}
