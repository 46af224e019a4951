package io.github.lineage.parser;

import io.github.lineage.core.kafka.JsonSerde;
import io.github.lineage.core.model.ChangeEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One file of a dbt project as the parser keeps it (store {@link StoreNames#DBT_FILES}): its latest
 * content as the watcher published it, and the fingerprint of the last document emitted for it
 * (null before the first), which is how a re-render knows which documents changed.
 */
record DbtFile(
    String sha256,
    long size,
    Instant modifiedAt,
    Instant observedAt,
    String content,
    String emitted) {

  static final JsonSerde<DbtFile> SERDE = new JsonSerde<>(DbtFile.class);

  DbtFile {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(content, "content");
  }

  static DbtFile of(ChangeEvent upsert, String emitted) {
    return new DbtFile(
        upsert.sha256(),
        upsert.size(),
        upsert.modifiedAt(),
        upsert.observedAt(),
        upsert.content(),
        emitted);
  }

  DbtFile withEmitted(String fingerprint) {
    return new DbtFile(sha256, size, modifiedAt, observedAt, content, fingerprint);
  }

  /** The event this file came as: what a dead letter carries so that a replay re-drives it. */
  ChangeEvent event(String source, String path, String project) {
    return ChangeEvent.upsert(source, path, sha256, size, modifiedAt, content, observedAt)
        .withDbtProject(project);
  }
}
