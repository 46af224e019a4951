package io.github.lineage.watcher;

import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.model.ContentHash;
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
import java.time.Instant;

/**
 * Reads a file and decides whether it can be published: at most {@code maxBytes}, no NUL byte,
 * strictly valid UTF-8 (malformed or unmappable input is reported, never replaced). A dbt seed is
 * read up to its first line only ({@link #inspectFirstLine}): its columns are all lineage needs,
 * and seeds can be far larger than any SQL file; the sha256 and size are then those of that line,
 * so that what the event says of its content always describes the content it carries.
 */
final class FileInspector {

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

  /**
   * As {@link #inspect(ConfinedFiles.Opened)}, of the file's first line (its {@code \n} included).
   */
  Inspection inspectFirstLine(ConfinedFiles.Opened opened) throws IOException {
    InputStream in = Channels.newInputStream(opened.channel());
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    byte[] chunk = new byte[8 * 1024];
    int n;
    while (line.size() <= maxBytes && (n = in.read(chunk)) > 0) {
      int nl = indexOf(chunk, n, (byte) '\n');
      line.write(chunk, 0, nl < 0 ? n : nl + 1);
      if (nl >= 0) {
        break;
      }
    }
    byte[] bytes = line.toByteArray();
    if (bytes.length > maxBytes) {
      return new Inspection.Rejected(
          DeadLetterReason.TOO_LARGE,
          "the first line is more than "
              + WatcherConfig.ENV_MAX_FILE_BYTES
              + "="
              + maxBytes
              + " bytes",
          bytes.length,
          ContentHash.sha256(bytes));
    }
    return judge(bytes, opened.attributes().lastModifiedTime().toInstant());
  }

  private static int indexOf(byte[] bytes, int length, byte b) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private Inspection inspect(SeekableByteChannel channel, Instant modifiedAt) throws IOException {
    InputStream in = Channels.newInputStream(channel);
    // One byte more than allowed: a file that grew since it was listed is still caught.
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (bytes.length > maxBytes) {
      MessageDigest digest = ContentHash.newDigest();
      digest.update(bytes);
      long size = bytes.length + drainInto(in, digest);
      return tooLarge(size, ContentHash.hex(digest));
    }
    return judge(bytes, modifiedAt);
  }

  /** Accepts bytes (within the limit) that are UTF-8 text without NUL. */
  private static Inspection judge(byte[] bytes, Instant modifiedAt) {
    String sha = ContentHash.sha256(bytes);
    int nul = indexOfNul(bytes);
    if (nul >= 0) {
      return new Inspection.Rejected(
          DeadLetterReason.BINARY,
          "contains a NUL byte at offset " + nul + " (binary, or UTF-16 text)",
          bytes.length,
          sha);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(buffer, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      return new Inspection.Rejected(
          DeadLetterReason.INVALID_UTF8,
          "not valid UTF-8: malformed byte sequence at offset " + buffer.position(),
          bytes.length,
          sha);
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
    return new Inspection.Rejected(
        DeadLetterReason.TOO_LARGE,
        "file is "
            + size
            + " bytes, more than "
            + WatcherConfig.ENV_MAX_FILE_BYTES
            + "="
            + maxBytes,
        size,
        sha);
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
