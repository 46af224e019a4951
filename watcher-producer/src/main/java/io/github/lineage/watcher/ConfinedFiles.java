package io.github.lineage.watcher;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;

/**
 * Reads files under the root without ever following a symlink on the way: the watcher must never
 * read outside its root, even while someone swaps a directory for a link to elsewhere ({@code rm
 * -rf sub && ln -s /elsewhere sub}) between a check and the read.
 *
 * <p>On Linux each step is relative to the directory opened before it ({@code openat} with {@code
 * O_NOFOLLOW}, through {@link SecureDirectoryStream}): a link anywhere on the path makes the open
 * fail instead of being followed, so the descriptor that is read is necessarily a file under the
 * root's directory. There is no window between a check and the open, because the open is the check.
 * Where the JDK has no secure directory stream, the path is checked before and after the open (real
 * path under the root, same file key): a swap during the open is noticed, and the bytes are not
 * used.
 */
final class ConfinedFiles {

  /** What one relative path is, as seen without following links. */
  enum Kind {
    FILE,
    DIRECTORY,
    /** The last name is a symlink (whose target may or may not be ours). */
    SYMLINK,
    /** A FIFO, socket or device: never opened. */
    OTHER,
    /** Nothing there. */
    ABSENT,
    /** A directory on the way is a symlink: nothing below it is ours. */
    BEHIND_SYMLINK
  }

  /** A path could not be opened because a symlink lies on it. */
  static final class LinkOnPathException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    LinkOnPathException(String rel, String reason) {
      super(rel, null, reason);
    }
  }

  /** An opened file: its attributes (of the opened file itself) and a channel to read it. */
  record Opened(SeekableByteChannel channel, BasicFileAttributes attributes)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path root;

  ConfinedFiles(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** What {@code rel} is, without following any link on the way. */
  Kind kind(String rel) {
    if (rel.isEmpty()) {
      return Files.isDirectory(root, NOFOLLOW) ? Kind.DIRECTORY : Kind.ABSENT;
    }
    Path path = root;
    String[] segments = rel.split("/");
    for (int i = 0; i < segments.length; i++) {
      path = path.resolve(segments[i]);
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
      } catch (IOException e) {
        return Kind.ABSENT;
      }
      boolean last = i == segments.length - 1;
      if (attrs.isSymbolicLink()) {
        return last ? Kind.SYMLINK : Kind.BEHIND_SYMLINK;
      }
      if (last) {
        return attrs.isDirectory()
            ? Kind.DIRECTORY
            : attrs.isRegularFile() ? Kind.FILE : Kind.OTHER;
      }
      if (!attrs.isDirectory()) {
        return Kind.ABSENT;
      }
    }
    return Kind.ABSENT;
  }

  /**
   * Opens the regular file at {@code rel} for reading, following no link on the way.
   *
   * @throws LinkOnPathException when a directory on the way or the file itself is a symlink
   * @throws NoSuchFileException when it is not there (or not a regular file)
   */
  Opened open(String rel) throws IOException {
    String[] segments = rel.split("/");
    try (DirectoryStream<Path> rootStream = Files.newDirectoryStream(root)) {
      if (rootStream instanceof SecureDirectoryStream<Path> secure) {
        return openSecure(rel, secure, segments);
      }
    }
    return openChecked(rel);
  }

  private Opened openSecure(String rel, SecureDirectoryStream<Path> rootStream, String[] segments)
      throws IOException {
    SecureDirectoryStream<Path> dir = rootStream;
    try {
      for (int i = 0; i < segments.length - 1; i++) {
        Path name = Path.of(segments[i]);
        BasicFileAttributes attrs =
            dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
        if (attrs.isSymbolicLink()) {
          throw new LinkOnPathException(rel, "'" + segments[i] + "' on the way is a symlink");
        }
        SecureDirectoryStream<Path> next;
        try {
          next = dir.newDirectoryStream(name, NOFOLLOW);
        } catch (NotDirectoryException e) {
          throw new NoSuchFileException(rel);
        } catch (FileSystemException e) {
          // ELOOP: it became a link between the look and the open.
          throw new LinkOnPathException(
              rel, "'" + segments[i] + "' on the way became a symlink (" + e.getReason() + ")");
        }
        if (dir != rootStream) {
          dir.close();
        }
        dir = next;
      }
      Path name = Path.of(segments[segments.length - 1]);
      BasicFileAttributes attrs =
          dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
      if (attrs.isSymbolicLink()) {
        throw new LinkOnPathException(rel, "it is a symlink");
      }
      if (!attrs.isRegularFile()) {
        throw new NoSuchFileException(rel, null, "not a regular file");
      }
      SeekableByteChannel channel;
      try {
        channel =
            dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
      } catch (NoSuchFileException e) {
        throw e;
      } catch (FileSystemException e) {
        if (isLinkLoop(e)) {
          throw new LinkOnPathException(rel, "it became a symlink (" + e.getReason() + ")");
        }
        throw e;
      }
      return new Opened(channel, attrs);
    } finally {
      if (dir != rootStream) {
        dir.close();
      }
    }
  }

  private static boolean isLinkLoop(FileSystemException e) {
    String reason = String.valueOf(e.getReason()).toLowerCase(java.util.Locale.ROOT);
    return reason.contains("symbolic link") || reason.contains("levels");
  }

  /**
   * Without openat: check, open with NOFOLLOW_LINKS, and check again that the same file was opened.
   */
  private Opened openChecked(String rel) throws IOException {
    Kind before = kind(rel);
    if (before == Kind.SYMLINK || before == Kind.BEHIND_SYMLINK) {
      throw new LinkOnPathException(
          rel, before == Kind.SYMLINK ? "it is a symlink" : "a directory on the way is a symlink");
    }
    if (before != Kind.FILE) {
      throw new NoSuchFileException(rel);
    }
    Path path = root.resolve(rel);
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
    SeekableByteChannel channel =
        Files.newByteChannel(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    try {
      Path real = path.toRealPath();
      Object keyAfter = Files.readAttributes(real, BasicFileAttributes.class, NOFOLLOW).fileKey();
      if (!real.equals(path)
          || !real.startsWith(root)
          || !Objects.equals(attrs.fileKey(), keyAfter)) {
        throw new LinkOnPathException(
            rel, "the path changed while it was opened (now " + real + ")");
      }
      return new Opened(channel, attrs);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }
}
