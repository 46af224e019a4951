package io.github.lineage.core.config;

/** A setting is missing or invalid. Its message is one line a user can act on. */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
