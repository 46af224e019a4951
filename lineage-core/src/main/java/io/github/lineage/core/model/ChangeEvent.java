package io.github.lineage.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A file-change event on {@code lineage.file-changes}. For {@link ChangeKind#DELETE} the content is
 * null, the sha256 is null and the size is 0.
 *
 * <p>{@code dbtProject} is set for a file inside a dbt project (docs/dbt.md): the root of the
 * project, the nearest directory at or above the file holding {@code dbt_project.yml}, relative to
 * the watched root ({@link #ROOT_PROJECT} when the watched root is the project). It is absent for
 * plain SQL; events written before the field existed decode with it null, and plain events are
 * written without it, byte for byte as before, so the schema version stays 1.
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
    Instant observedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String dbtProject) {

  public static final int SCHEMA_VERSION = 1;

  /** {@code dbtProject} of a file whose project is the watched root itself. */
  public static final String ROOT_PROJECT = ".";

  public ChangeEvent {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    if (kind == ChangeKind.UPSERT) {
      Objects.requireNonNull(sha256, "sha256 of an UPSERT");
      Objects.requireNonNull(content, "content of an UPSERT");
    }
    if (dbtProject != null
        && !ROOT_PROJECT.equals(dbtProject)
        && !path.startsWith(dbtProject + "/")) {
      throw new IllegalArgumentException(
          "dbt project '" + dbtProject + "' does not contain " + path);
    }
  }

  /** The event of a plain file (no dbt project): what every event was before the field existed. */
  public ChangeEvent(
      int schemaVersion,
      String source,
      String path,
      ChangeKind kind,
      String sha256,
      long size,
      Instant modifiedAt,
      String content,
      Instant observedAt) {
    this(schemaVersion, source, path, kind, sha256, size, modifiedAt, content, observedAt, null);
  }

  public static ChangeEvent upsert(
      String source,
      String path,
      String sha256,
      long size,
      Instant modifiedAt,
      String content,
      Instant observedAt) {
    return new ChangeEvent(
        SCHEMA_VERSION,
        source,
        path,
        ChangeKind.UPSERT,
        sha256,
        size,
        modifiedAt,
        content,
        observedAt);
  }

  public static ChangeEvent delete(String source, String path, Instant observedAt) {
    return new ChangeEvent(
        SCHEMA_VERSION, source, path, ChangeKind.DELETE, null, 0, null, null, observedAt);
  }

  /** The same event, tagged with the dbt project it belongs to (null: none). */
  public ChangeEvent withDbtProject(String project) {
    return new ChangeEvent(
        schemaVersion, source, path, kind, sha256, size, modifiedAt, content, observedAt, project);
  }

  @JsonIgnore
  public SourceKey sourceKey() {
    return new SourceKey(source, path);
  }

  @JsonIgnore
  public String key() {
    return sourceKey().toString();
  }

  /**
   * Whether the file belongs to a dbt project, and so is read with its project, not as plain SQL.
   */
  @JsonIgnore
  public boolean inDbtProject() {
    return dbtProject != null;
  }

  /** The key of the project ({@code source:projectRoot}): every event of one project shares it. */
  @JsonIgnore
  public String dbtProjectKey() {
    return dbtProject == null ? null : source + ":" + dbtProject;
  }

  /** The file's path relative to its dbt project's root (null outside a project). */
  @JsonIgnore
  public String pathInDbtProject() {
    if (dbtProject == null) {
      return null;
    }
    return ROOT_PROJECT.equals(dbtProject) ? path : path.substring(dbtProject.length() + 1);
  }
}
