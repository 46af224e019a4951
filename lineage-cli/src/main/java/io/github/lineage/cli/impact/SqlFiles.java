package io.github.lineage.cli.impact;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/** Which files count (the watcher's glob on the file name) and how their bytes become text. */
final class SqlFiles {

  private final PathMatcher matcher;

  SqlFiles(String glob) {
    this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
  }

  boolean matches(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return !name.isEmpty() && matcher.matches(Path.of(name));
  }

  /** UTF-8 text, or null for a file the pipeline would not parse either (binary, not UTF-8). */
  static String text(byte[] bytes) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return s.indexOf('\0') >= 0 ? null : s;
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
