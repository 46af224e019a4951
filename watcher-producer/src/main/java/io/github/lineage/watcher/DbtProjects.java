package io.github.lineage.watcher;

import io.github.lineage.core.model.ChangeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the dbt project of a path: the nearest directory at or above it, up to the watched root,
 * holding a regular file {@code dbt_project.yml} (a symlinked one does not make a project), and
 * that project's {@link DbtLayout}. Every look goes through {@link ConfinedFiles}, so the watcher's
 * confinement holds here too. Answers are kept for the life of the instance: one per
 * synchronisation pass, so a pass sees one consistent layout and the next sees any change.
 */
final class DbtProjects {

  private static final Logger LOG = LoggerFactory.getLogger(DbtProjects.class);

  private final ConfinedFiles files;
  private final long maxBytes;
  private final Map<String, Optional<DbtLayout>> byDirectory = new HashMap<>();

  DbtProjects(ConfinedFiles files, long maxBytes) {
    this.files = files;
    this.maxBytes = maxBytes;
  }

  /** The project {@code rel} (a file path relative to the watched root) belongs to, if any. */
  Optional<DbtLayout> of(String rel) {
    int slash = rel.lastIndexOf('/');
    return ofDirectory(slash < 0 ? "" : rel.substring(0, slash));
  }

  private Optional<DbtLayout> ofDirectory(String dir) {
    Optional<DbtLayout> known = byDirectory.get(dir);
    if (known != null) {
      return known;
    }
    Optional<DbtLayout> found;
    String projectFile =
        dir.isEmpty() ? DbtLayout.PROJECT_FILE : dir + "/" + DbtLayout.PROJECT_FILE;
    if (files.kind(projectFile) == ConfinedFiles.Kind.FILE) {
      found =
          Optional.of(
              DbtLayout.parse(dir.isEmpty() ? ChangeEvent.ROOT_PROJECT : dir, read(projectFile)));
    } else if (dir.isEmpty()) {
      found = Optional.empty();
    } else {
      int slash = dir.lastIndexOf('/');
      found = ofDirectory(slash < 0 ? "" : dir.substring(0, slash));
    }
    byDirectory.put(dir, found);
    return found;
  }

  /**
   * The text of {@code dbt_project.yml}, or null when it cannot be read (the layout is then dbt's
   * default).
   */
  private String read(String rel) {
    try (ConfinedFiles.Opened opened = files.open(rel);
        InputStream in = Channels.newInputStream(opened.channel())) {
      return new String(
          in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn(
          "cannot read {} ({}): the project's folders are taken to be dbt's defaults",
          rel,
          e.toString());
      return null;
    }
  }
}
