package io.github.lineage.watcher;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a directory without following symlinks: a symlinked directory is never descended into (its
 * target, when inside the root, is walked under its own path anyway; when outside, it is not ours),
 * a symlinked file is listed and left to the caller to resolve. Hidden directories are skipped when
 * configured.
 */
final class TreeScanner {

  private static final Logger LOG = LoggerFactory.getLogger(TreeScanner.class);

  /**
   * Candidate files found, directories that could not be read (nothing under them may be deleted),
   * and the other symlinks met (links to directories: never descended into).
   */
  record Listing(Set<String> files, Set<String> unreadableDirs, Set<String> otherLinks) {
    boolean covers(String relativePath) {
      for (String dir : unreadableDirs) {
        if (dir.isEmpty() || relativePath.equals(dir) || relativePath.startsWith(dir + "/")) {
          return false;
        }
      }
      return true;
    }
  }

  private final WatcherConfig config;
  private final PathFilter filter;

  TreeScanner(WatcherConfig config, PathFilter filter) {
    this.config = config;
    this.filter = filter;
  }

  /**
   * Lists candidate files under {@code dir}; throws NoSuchFileException if {@code dir} itself is
   * gone.
   */
  Listing list(Path dir) throws IOException {
    return list(dir, filter::isCandidate);
  }

  /**
   * Lists the files under {@code dir} that {@code candidate} takes (a relative path; hidden ones
   * are never asked about); throws NoSuchFileException if {@code dir} itself is gone.
   */
  Listing list(Path dir, Predicate<String> candidate) throws IOException {
    Set<String> files = new LinkedHashSet<>();
    Set<String> unreadable = new LinkedHashSet<>();
    Set<String> links = new LinkedHashSet<>();
    walk(dir, subdir -> {}, candidate, files, unreadable, links);
    return new Listing(files, unreadable, links);
  }

  /**
   * Calls {@code onDirectory} for {@code dir} and every non-hidden directory under it (pre-order).
   */
  void directories(Path dir, Consumer<Path> onDirectory) throws IOException {
    walk(
        dir,
        onDirectory,
        filter::isCandidate,
        new LinkedHashSet<>(),
        new LinkedHashSet<>(),
        new LinkedHashSet<>());
  }

  private void walk(
      Path start,
      Consumer<Path> onDirectory,
      Predicate<String> candidate,
      Set<String> files,
      Set<String> unreadable,
      Set<String> links)
      throws IOException {
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String rel = config.relativize(dir);
            if (!rel.isEmpty() && filter.isHidden(rel)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            onDirectory.accept(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String rel = config.relativize(file);
            if ((attrs.isRegularFile() || attrs.isSymbolicLink())
                && !filter.isHidden(rel)
                && candidate.test(rel)) {
              files.add(rel);
            } else if (attrs.isSymbolicLink() && !filter.isHidden(rel)) {
              links.add(rel);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (file.equals(start) && e instanceof java.nio.file.NoSuchFileException) {
              throw e;
            }
            String rel = config.relativize(file);
            LOG.warn("cannot read {} ({}): its files are left as they were", file, e.toString());
            unreadable.add(rel);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null) {
              LOG.warn(
                  "error while listing {} ({}): its files are left as they were",
                  dir,
                  e.toString());
              unreadable.add(config.relativize(dir));
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
