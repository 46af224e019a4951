package io.github.lineage.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;

/**
 * A file-change event on {@code lineage.file-changes}. For {@link ChangeKind#DELETE} the content
 * is null, the sha256 is null and the size is 0.
 */
public record ChangeEvent(
    int schemaVersion,
    String source,
    String path,
    ChangeKind kind,
    String sha256,
    long size,
    Instant modifiedAt,
    String content,
    Instant observedAt) {

  public static final int SCHEMA_VERSION = 1;

  public ChangeEvent {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    if (kind == ChangeKind.UPSERT) {
      Objects.requireNonNull(sha256, "sha256 of an UPSERT");
      Objects.requireNonNull(content, "content of an UPSERT");
    }
  }

  public static ChangeEvent upsert(
      String source, String path, String sha256, long size, Instant modifiedAt, String content, Instant observedAt) {
    return new ChangeEvent(
        SCHEMA_VERSION, source, path, ChangeKind.UPSERT, sha256, size, modifiedAt, content, observedAt);
  }

  public static ChangeEvent delete(String source, String path, Instant observedAt) {
    return new ChangeEvent(SCHEMA_VERSION, source, path, ChangeKind.DELETE, null, 0, null, null, observedAt);
  }

  @JsonIgnore
  public SourceKey sourceKey() {
    return new SourceKey(source, path);
  }

  @JsonIgnore
  public String key() {
    return sourceKey().toString();
  }
}
