package io.github.lineage.watcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Reads a file and decides whether it can be published: at most {@code maxBytes}, no NUL byte,
 * strictly valid UTF-8 (malformed or unmappable input is reported, never replaced).
 */
final class FileInspector {

  private static final HexFormat HEX = HexFormat.of();
  private final long maxBytes;

  FileInspector(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Reads a file by path (following links: for callers that already decided the path is safe).
   *
   * @throws java.nio.file.NoSuchFileException when the file vanished meanwhile
   * @throws IOException when it cannot be read
   */
  Inspection inspect(Path file) throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
      return inspect(channel, Files.getLastModifiedTime(file).toInstant());
    }
  }

  /** Reads an already opened file: every byte judged and hashed comes from that one descriptor. */
  Inspection inspect(ConfinedFiles.Opened opened) throws IOException {
    return inspect(opened.channel(), opened.attributes().lastModifiedTime().toInstant());
  }

  private Inspection inspect(SeekableByteChannel channel, Instant modifiedAt) throws IOException {
    InputStream in = Channels.newInputStream(channel);
    // One byte more than allowed: a file that grew since it was listed is still caught.
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (bytes.length > maxBytes) {
      MessageDigest digest = digest();
      digest.update(bytes);
      long size = bytes.length + drainInto(in, digest);
      return tooLarge(size, HEX.formatHex(digest.digest()));
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
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(buffer, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      return new Inspection.Rejected(RejectReason.INVALID_UTF8,
          "not valid UTF-8: malformed byte sequence at offset " + buffer.position(), bytes.length, sha);
    }
    out.flip();
    return new Inspection.Accepted(sha, bytes.length, modifiedAt, out.toString());
  }

  private static long drainInto(InputStream in, MessageDigest digest) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(chunk)) > 0) {
      digest.update(chunk, 0, n);
      total += n;
    }
    return total;
  }

  private Inspection tooLarge(long size, String sha) {
    return new Inspection.Rejected(RejectReason.TOO_LARGE,
        "file is " + size + " bytes, more than " + WatcherConfig.ENV_MAX_FILE_BYTES + "=" + maxBytes, size, sha);
  }

  static String sha256(byte[] bytes) {
    return HEX.formatHex(digest().digest(bytes));
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
