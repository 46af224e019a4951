package io.github.lineage.parser;

import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ContentHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Change events as the watcher publishes them. */
final class Events {

  static final String SOURCE = "repo";

  private Events() {}

  static ChangeEvent upsert(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Instant now = Instant.now();
    return ChangeEvent.upsert(
        SOURCE, path, ContentHash.sha256(bytes), bytes.length, now, content, now);
  }

  static ChangeEvent delete(String path) {
    return ChangeEvent.delete(SOURCE, path, Instant.now());
  }

  static String key(String path) {
    return SOURCE + ":" + path;
  }

  static byte[] keyBytes(ChangeEvent event) {
    return event.key().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] valueBytes(ChangeEvent event) {
    return Topics.CHANGE_EVENT_SERDE.toBytes(event);
  }

  /** One INSERT reading {@code raw.<table>} into {@code mart.<target>}. */
  static String insert(String target, String table) {
    return "INSERT INTO mart." + target + " (id) SELECT id FROM raw." + table + ";\n";
  }
}
