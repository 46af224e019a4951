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
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 *
 * <p>Sends in flight: the broker may acknowledge a send and the process die before the state is
 * persisted, so the state alone does not say what the topic holds after a crash (a file created,
 * sent and deleted before the restart would stay in the graph for good; one sent and reverted would
 * keep the reverted-away version). Before a pass sends, it writes the keys it is about to send to a
 * small intent file beside the state ({@link #intend}); the intent is removed once the state that
 * settles those keys is persisted. A key named in an intent file that is found at load is <em>in
 * doubt</em>: it counts as published with a sha256 no file has, so the next pass sends the file's
 * current version, or a DELETE if it is gone. A send that failed is in doubt too (a timed-out send
 * may still have been written).
 */
final class PublishedState {

  private static final Logger LOG = LoggerFactory.getLogger(PublishedState.class);
  static final int FORMAT_VERSION = 1;

  /** The sha256 of a key in doubt: matches no content, so the file is sent again (or deleted). */
  static final String IN_DOUBT = "";

  /** The on-disk shape. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record StateFile(
      int version,
      String topic,
      String source,
      Map<String, String> published,
      Map<String, String> rejected,
      Map<String, String> projects) {}

  /** The on-disk shape of the intent: keys being sent, whose topic value is not yet recorded. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record IntentFile(int version, String topic, String source, Set<String> keys) {}

  private final Path file;
  private final String topic;
  private final String source;
  private final Map<String, String> published = new ConcurrentHashMap<>();
  private final Map<String, String> rejected = new ConcurrentHashMap<>();
  private final Map<String, String> projects = new ConcurrentHashMap<>();

  /** Keys named in the intent file on disk: settled only by the next persist. */
  private final Set<String> intended = ConcurrentHashMap.newKeySet();

  private volatile boolean intentOnDisk;
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

  /** The intent file beside {@code stateFile}. */
  static Path intentFileFor(Path stateFile) {
    return stateFile.resolveSibling(stateFile.getFileName() + ".sending");
  }

  /**
   * Loads the state, or starts empty when there is none, it is unreadable, or it is for another
   * topic.
   */
  static PublishedState load(Path stateDir, String topic, String source) {
    PublishedState state = new PublishedState(fileFor(stateDir, source), topic, source);
    state.readState();
    state.readIntent();
    return state;
  }

  private void readState() {
    if (!Files.exists(file)) {
      return;
    }
    try {
      StateFile stored = Json.MAPPER.readValue(file.toFile(), StateFile.class);
      if (stored.version() != FORMAT_VERSION
          || !topic.equals(stored.topic())
          || !source.equals(stored.source())) {
        LOG.warn(
            "state {} is for topic {} / source {} (format {}): starting afresh, every file will be republished",
            file,
            stored.topic(),
            stored.source(),
            stored.version());
        return;
      }
      if (stored.published() != null) {
        published.putAll(stored.published());
      }
      if (stored.rejected() != null) {
        rejected.putAll(stored.rejected());
      }
      if (stored.projects() != null) {
        stored
            .projects()
            .forEach(
                (key, project) -> {
                  if (published.containsKey(key)) {
                    projects.put(key, project);
                  }
                });
      }
    } catch (IOException e) {
      // Republishing everything is safe (downstream drops unchanged content); refusing to start is
      // not.
      LOG.warn(
          "cannot read watcher state {} ({}): starting afresh, every file will be republished",
          file,
          e.getMessage());
    }
  }

  /** Puts the keys of an interrupted pass in doubt. */
  private void readIntent() {
    Path intent = intentFileFor(file);
    if (!Files.exists(intent)) {
      return;
    }
    try {
      IntentFile stored = Json.MAPPER.readValue(intent.toFile(), IntentFile.class);
      if (stored.version() != FORMAT_VERSION
          || !topic.equals(stored.topic())
          || !source.equals(stored.source())
          || stored.keys() == null) {
        return;
      }
      for (String key : stored.keys()) {
        published.put(key, IN_DOUBT);
      }
      intended.addAll(stored.keys());
      intentOnDisk = true;
      dirty = true;
      if (!stored.keys().isEmpty()) {
        LOG.info(
            "the last run stopped while sending {} change(s): they are sent again from the files",
            stored.keys().size());
      }
    } catch (IOException e) {
      // The intent is written atomically, so this is a damaged disk. Every published key is put in
      // doubt, so each is sent once more; a new file sent and deleted during the crash is beyond
      // finding without the keys.
      LOG.warn(
          "cannot read the watcher's intent {} ({}): every published file is sent again",
          intent,
          e.getMessage());
      published.replaceAll((key, sha) -> IN_DOUBT);
      intentOnDisk = true;
      dirty = true;
    }
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

  /** A send of the key failed: it may or may not be on the topic. */
  void markInDoubt(String key) {
    published.put(key, IN_DOUBT);
    rejected.remove(key);
    dirty = true;
  }

  /**
   * Records, durably, that {@code keys} are about to be sent: call before sending them. Until the
   * next {@link #persist}, a crash leaves them in doubt for the next start.
   */
  synchronized void intend(Collection<String> keys) throws IOException {
    if (keys.isEmpty() || persistenceDisabled) {
      return;
    }
    Set<String> all = new TreeSet<>(intended);
    all.addAll(keys);
    writeAtomically(intentFileFor(file), new IntentFile(FORMAT_VERSION, topic, source, all));
    intended.addAll(keys);
    intentOnDisk = true;
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

  /**
   * Key to sha256 of every file whose current lineage is (or is about to be) on the topic; keys in
   * doubt are left out.
   */
  Map<String, String> snapshot() {
    Map<String, String> known = new TreeMap<>(published);
    known.values().removeIf(IN_DOUBT::equals);
    return Map.copyOf(known);
  }

  Path file() {
    return file;
  }

  /** For crash tests: from now on nothing is written, as if the process had been killed. */
  void disablePersistence() {
    persistenceDisabled = true;
  }

  /**
   * Writes the state if it changed since the last write, then removes the intent it settles. Call
   * it only when no send is in flight.
   */
  synchronized void persist() throws IOException {
    if (!dirty || persistenceDisabled) {
      return;
    }
    dirty = false;
    try {
      writeAtomically(
          file,
          new StateFile(
              FORMAT_VERSION,
              topic,
              source,
              new TreeMap<>(published),
              new TreeMap<>(rejected),
              new TreeMap<>(projects)));
    } catch (IOException | RuntimeException e) {
      dirty = true;
      throw e;
    }
    if (intentOnDisk) {
      Files.deleteIfExists(intentFileFor(file));
      intended.clear();
      intentOnDisk = false;
    }
  }

  /** Temp file, fsync, rename: a reader sees the old content or the new, never a torn one. */
  private static void writeAtomically(Path target, Object content) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try {
      try (FileChannel channel =
              FileChannel.open(
                  temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        Json.MAPPER.writeValue(nonClosing(out), content);
        channel.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
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
