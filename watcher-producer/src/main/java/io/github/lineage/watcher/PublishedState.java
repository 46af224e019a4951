package io.github.lineage.watcher;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lineage.core.kafka.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the watcher has published, per key: the sha256 the topic last received (acknowledged by the
 * broker), and the sha256 of a version that was dead-lettered instead (so that a restart does not
 * dead-letter the same bad bytes again), and the dbt project a published file was tagged with (so a
 * file whose project changed is published again, and a delete names the project the file was in).
 * Persisted as JSON, atomically (temp file, fsync, rename); a file written before projects were
 * recorded reads as "no file in a project", so the files of dbt projects are published once more.
 *
 * <p>The file remembers the topic and source it belongs to: state for another topic or source is
 * ignored, so that pointing the watcher elsewhere republishes everything rather than nothing.
 */
final class PublishedState {

  private static final Logger LOG = LoggerFactory.getLogger(PublishedState.class);
  static final int FORMAT_VERSION = 1;

  /** The on-disk shape. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record StateFile(
      int version,
      String topic,
      String source,
      Map<String, String> published,
      Map<String, String> rejected,
      Map<String, String> projects) {}

  private final Path file;
  private final String topic;
  private final String source;
  private final Map<String, String> published = new ConcurrentHashMap<>();
  private final Map<String, String> rejected = new ConcurrentHashMap<>();
  private final Map<String, String> projects = new ConcurrentHashMap<>();
  private volatile boolean dirty;
  private volatile boolean persistenceDisabled;

  private PublishedState(Path file, String topic, String source) {
    this.file = file;
    this.topic = topic;
    this.source = source;
  }

  /** The state file for {@code source} in {@code stateDir}. */
  static Path fileFor(Path stateDir, String source) {
    return stateDir.resolve("published-" + source.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
  }

  /**
   * Loads the state, or starts empty when there is none, it is unreadable, or it is for another
   * topic.
   */
  static PublishedState load(Path stateDir, String topic, String source) {
    PublishedState state = new PublishedState(fileFor(stateDir, source), topic, source);
    if (!Files.exists(state.file)) {
      return state;
    }
    try {
      StateFile stored = Json.MAPPER.readValue(state.file.toFile(), StateFile.class);
      if (stored.version() != FORMAT_VERSION
          || !topic.equals(stored.topic())
          || !source.equals(stored.source())) {
        LOG.warn(
            "state {} is for topic {} / source {} (format {}): starting afresh, every file will be republished",
            state.file,
            stored.topic(),
            stored.source(),
            stored.version());
        return state;
      }
      if (stored.published() != null) {
        state.published.putAll(stored.published());
      }
      if (stored.rejected() != null) {
        state.rejected.putAll(stored.rejected());
      }
      if (stored.projects() != null) {
        stored
            .projects()
            .forEach(
                (key, project) -> {
                  if (state.published.containsKey(key)) {
                    state.projects.put(key, project);
                  }
                });
      }
    } catch (IOException e) {
      // Republishing everything is safe (downstream drops unchanged content); refusing to start is
      // not.
      LOG.warn(
          "cannot read watcher state {} ({}): starting afresh, every file will be republished",
          state.file,
          e.getMessage());
    }
    return state;
  }

  Optional<String> published(String key) {
    return Optional.ofNullable(published.get(key));
  }

  /** The dbt project the key's last published event named, if any. */
  Optional<String> project(String key) {
    return Optional.ofNullable(projects.get(key));
  }

  Optional<String> rejected(String key) {
    return Optional.ofNullable(rejected.get(key));
  }

  Set<String> publishedKeys() {
    return Set.copyOf(published.keySet());
  }

  Set<String> rejectedKeys() {
    return Set.copyOf(rejected.keySet());
  }

  void markPublished(String key, String sha256) {
    markPublished(key, sha256, null);
  }

  /** {@code project}: the dbt project the event named (null: a plain file). */
  void markPublished(String key, String sha256, String project) {
    published.put(key, sha256);
    if (project == null) {
      projects.remove(key);
    } else {
      projects.put(key, project);
    }
    rejected.remove(key);
    dirty = true;
  }

  void markDeleted(String key) {
    published.remove(key);
    projects.remove(key);
    rejected.remove(key);
    dirty = true;
  }

  void markRejected(String key, String sha256) {
    if (sha256 != null) {
      rejected.put(key, sha256);
      dirty = true;
    }
  }

  void clearRejected(String key) {
    if (rejected.remove(key) != null) {
      dirty = true;
    }
  }

  /** Key to sha256 of every file whose current lineage is (or is about to be) on the topic. */
  Map<String, String> snapshot() {
    return Map.copyOf(published);
  }

  Path file() {
    return file;
  }

  /** For crash tests: from now on nothing is written, as if the process had been killed. */
  void disablePersistence() {
    persistenceDisabled = true;
  }

  /** Writes the state if it changed since the last write. */
  synchronized void persist() throws IOException {
    if (!dirty || persistenceDisabled) {
      return;
    }
    dirty = false;
    try {
      Files.createDirectories(file.getParent());
      StateFile stored =
          new StateFile(
              FORMAT_VERSION,
              topic,
              source,
              new TreeMap<>(published),
              new TreeMap<>(rejected),
              new TreeMap<>(projects));
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try {
        try (FileChannel channel =
                FileChannel.open(
                    temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
          Json.MAPPER.writeValue(nonClosing(out), stored);
          channel.force(true);
        }
        try {
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | RuntimeException e) {
      dirty = true;
      throw e;
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
