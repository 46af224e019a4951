package io.github.lineage.watcher;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recursive watch of the root with the JDK {@link WatchService} (inotify on Linux). Events are not
 * acted on here, only turned into relative paths on a {@link SettleQueue}: the synchroniser then
 * looks at each path as it is on disk, so the event kind matters only for keeping the set of
 * watched directories right.
 *
 * <ul>
 *   <li>A new directory is registered (with everything under it) when its CREATE arrives, then
 *       queued as a whole: files created in it before the registration are found by the scan.
 *   <li>A deleted or moved-away directory has its watches cancelled; queueing its path makes the
 *       synchroniser delete every known file under it.
 *   <li>OVERFLOW (events were lost) asks for a full rescan.
 * </ul>
 *
 * <p>inotify gives a moved directory the same watch descriptor, which the JDK maps to the same
 * {@link WatchKey}: the directory of a key is therefore kept here and overwritten on every
 * registration, never read from {@link WatchKey#watchable()}.
 */
final class DirectoryWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

  private final WatcherConfig config;
  private final PathFilter filter;
  private final TreeScanner scanner;
  private final ConfinedFiles confined;
  private final WatchService service;
  private final Map<WatchKey, Path> dirOfKey = new HashMap<>();
  private final Map<Path, WatchKey> keyOfDir = new HashMap<>();

  DirectoryWatcher(WatcherConfig config) throws IOException {
    this.config = config;
    this.filter = PathFilter.of(config);
    this.scanner = new TreeScanner(config, filter);
    this.confined = new ConfinedFiles(config.root());
    this.service = config.root().getFileSystem().newWatchService();
  }

  /** Registers the whole tree under the root. */
  synchronized void registerAll() throws IOException {
    registerTree(config.root());
    LOG.info("watching {} directories under {}", keyOfDir.size(), config.root());
  }

  synchronized int watchedDirectories() {
    return keyOfDir.size();
  }

  private void registerTree(Path dir) throws IOException {
    scanner.directories(dir, this::register);
  }

  private void register(Path dir) {
    if (confined.kind(config.relativize(dir)) != ConfinedFiles.Kind.DIRECTORY) {
      // Reached through a symlinked directory (swapped in meanwhile): not ours to watch.
      LOG.debug("{} is not a directory of the root (a symlink on the way): not watched", dir);
      return;
    }
    try {
      WatchKey key =
          dir.register(
              service,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_DELETE,
              StandardWatchEventKinds.ENTRY_MODIFY);
      Path previous = dirOfKey.put(key, dir);
      if (previous != null && !previous.equals(dir)) {
        keyOfDir.remove(previous, key);
      }
      keyOfDir.put(dir, key);
    } catch (NoSuchFileException e) {
      LOG.debug("{} vanished before it could be watched", dir);
    } catch (IOException e) {
      // Typically the inotify watch limit (fs.inotify.max_user_watches): say so, keep the rest.
      LOG.error(
          "cannot watch {} ({}): its changes will only be seen by the periodic rescan ({})",
          dir,
          e.toString(),
          WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS);
    }
  }

  /**
   * Waits up to {@code timeout} for events and queues their paths; returns early on the first batch
   * of events. Throws {@link ClosedWatchServiceException} once closed.
   */
  void poll(Duration timeout, SettleQueue queue) throws InterruptedException {
    WatchKey key = service.poll(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    while (key != null) {
      handle(key, queue);
      key = service.poll();
    }
  }

  private synchronized void handle(WatchKey key, SettleQueue queue) {
    Path dir = dirOfKey.get(key);
    if (dir == null) {
      key.cancel();
      return;
    }
    for (WatchEvent<?> event : key.pollEvents()) {
      WatchEvent.Kind<?> kind = event.kind();
      if (kind == StandardWatchEventKinds.OVERFLOW) {
        LOG.warn("filesystem events were lost (overflow) under {}: rescanning everything", dir);
        queue.requestFullScan();
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      String rel = config.relativize(child);
      if (filter.isHidden(rel)) {
        continue;
      }
      if (kind == StandardWatchEventKinds.ENTRY_CREATE
          && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        try {
          registerTree(child);
        } catch (IOException e) {
          LOG.debug("{} vanished while being registered ({})", child, e.toString());
        }
      } else if (kind == StandardWatchEventKinds.ENTRY_DELETE) {
        cancelUnder(child);
      }
      LOG.trace("{} {}", kind.name(), rel);
      queue.add(rel);
    }
    if (!key.reset()) {
      // The directory itself is gone; its parent reports the deletion.
      Path gone = dirOfKey.remove(key);
      if (gone != null) {
        keyOfDir.remove(gone, key);
      }
    }
  }

  private void cancelUnder(Path removed) {
    for (Iterator<Map.Entry<Path, WatchKey>> it = keyOfDir.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Path, WatchKey> entry = it.next();
      if (entry.getKey().startsWith(removed)) {
        entry.getValue().cancel();
        dirOfKey.remove(entry.getValue());
        it.remove();
      }
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("closing the watch service: {}", e.toString());
    }
  }
}
