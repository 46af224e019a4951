package io.github.lineage.watcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.NoSuchFileException;
import java.nio.file.LinkOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a file and decides whether it can be published: at most {@code maxBytes}, no NUL byte,
 * strictly valid UTF-8 (malformed or unmappable input is reported, never replaced).
 */
final class FileInspector {

  private static final HexFormat HEX = HexFormat.of();
  private final long maxBytes;
  private final Path root;

  /** {@code root} is the watched root's real path: nothing outside it is ever read. */
  FileInspector(long maxBytes, Path root) {
    this.maxBytes = maxBytes;
    this.root = root;
  }

  /** A file whose real path lies outside the watched root (a link, or a directory swapped for one). */
  static final class OutsideRootException extends IOException {
    private static final long serialVersionUID = 1L;

    OutsideRootException(Path file, Path real) {
      super(file + " resolves to " + real + ", outside the watched root");
    }
  }

  /**
   * Reads {@code file} only if its real path lies under the root: every link on the way, a
   * directory replaced by a link included, is resolved first, the resolved file is opened without
   * following a link, and the real path is checked again after the read, so a swap during the read
   * is caught too.
   *
   * @throws OutsideRootException when the file resolves outside the root
   * @throws java.nio.file.NoSuchFileException when the file vanished meanwhile
   * @throws IOException when it cannot be read
   */
  Inspection inspect(Path file) throws IOException {
    Path real = insideRoot(file);
    long size = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
    if (size > maxBytes) {
      return tooLarge(size, sha256Streaming(real));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
      // One byte more than allowed: a file that grew since its size was read is still caught.
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        return tooLarge(Math.max(bytes.length, Files.size(real)), sha256Streaming(real));
      }
    }
    if (!insideRoot(file).equals(real)) {
      throw new NoSuchFileException(file.toString(), null, "replaced while it was read");
    }
    String sha = sha256(bytes);
    int nul = indexOfNul(bytes);
    if (nul >= 0) {
      return new Inspection.Rejected(RejectReason.BINARY,
          "contains a NUL byte at offset " + nul + " (binary, or UTF-16 text)", bytes.length, sha);
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      return new Inspection.Rejected(RejectReason.INVALID_UTF8,
          "not valid UTF-8: malformed byte sequence at offset " + in.position(), bytes.length, sha);
    }
    out.flip();
    return new Inspection.Accepted(sha, bytes.length,
        Files.getLastModifiedTime(real, LinkOption.NOFOLLOW_LINKS).toInstant(), out.toString());
  }

  private Path insideRoot(Path file) throws IOException {
    Path real = file.toRealPath();
    if (!real.startsWith(root)) {
      throw new OutsideRootException(file, real);
    }
    return real;
  }

  private Inspection tooLarge(long size, String sha) {
    return new Inspection.Rejected(RejectReason.TOO_LARGE,
        "file is " + size + " bytes, more than " + WatcherConfig.ENV_MAX_FILE_BYTES + "=" + maxBytes, size, sha);
  }

  static String sha256(byte[] bytes) {
    return HEX.formatHex(digest().digest(bytes));
  }

  private static String sha256Streaming(Path file) throws IOException {
    MessageDigest digest = digest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HEX.formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static int indexOfNul(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
