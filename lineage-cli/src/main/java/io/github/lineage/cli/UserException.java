package io.github.lineage.cli;

/**
 * An error the user can fix (a wrong option, a setting, a server that is down, a name that does not
 * exist): printed as one line, with the {@link ExitCodes exit code} of its kind, never a trace.
 */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /** A usage error (exit code 2). */
  public UserException(String message) {
    this(message, null, ExitCodes.USAGE);
  }

  /** A usage error (exit code 2). */
  public UserException(String message, Throwable cause) {
    this(message, cause, ExitCodes.USAGE);
  }

  private UserException(String message, Throwable cause, int exitCode) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public static UserException config(String message, Throwable cause) {
    return new UserException(message, cause, ExitCodes.CONFIG);
  }

  public static UserException config(String message) {
    return config(message, null);
  }

  public static UserException unreachable(String message, Throwable cause) {
    return new UserException(message, cause, ExitCodes.UNREACHABLE);
  }

  public static UserException unreachable(String message) {
    return unreachable(message, null);
  }

  public static UserException notFound(String message) {
    return notFound(message, null);
  }

  public static UserException notFound(String message, Throwable cause) {
    return new UserException(message, cause, ExitCodes.NOT_FOUND);
  }

  public int exitCode() {
    return exitCode;
  }
}
