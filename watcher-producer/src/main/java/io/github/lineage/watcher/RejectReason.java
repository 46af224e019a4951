package io.github.lineage.watcher;

/** Why a file was dead-lettered instead of published; {@link #code()} is the DLQ reason header. */
public enum RejectReason {
  /** Larger than {@code WATCH_MAX_FILE_BYTES}, or than the broker accepts. */
  TOO_LARGE("too_large"),
  /** Contains NUL bytes (also UTF-16 text, which this pipeline does not read). */
  BINARY("binary"),
  /** Not decodable as UTF-8. */
  INVALID_UTF8("invalid_utf8"),
  /** Exists but cannot be read (permissions, I/O error). */
  UNREADABLE("unreadable"),
  /** A name that cannot form a key, e.g. one containing a backslash. */
  UNSUPPORTED_PATH("unsupported_path");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
