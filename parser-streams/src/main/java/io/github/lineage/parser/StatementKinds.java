package io.github.lineage.parser;

import java.util.Locale;
import java.util.Set;

/**
 * The kind of a statement that failed, for the {@code kind} tag of {@code statements_failed_total}:
 * its first keyword, from a small fixed set so the tag's values stay bounded whatever the files
 * hold. A statement error names the line the statement starts on; its first word is read there.
 */
final class StatementKinds {

  static final String OTHER = "other";
  private static final Set<String> KINDS =
      Set.of(
          "select",
          "insert",
          "update",
          "delete",
          "merge",
          "create",
          "alter",
          "drop",
          "with",
          "copy",
          "call",
          "truncate",
          "replace",
          "upsert",
          "unload",
          "grant");

  private StatementKinds() {}

  static String at(String content, int line) {
    if (content == null || line < 1) {
      return OTHER;
    }
    int start = 0;
    for (int n = 1; n < line; n++) {
      int next = content.indexOf('\n', start);
      if (next < 0) {
        return OTHER;
      }
      start = next + 1;
    }
    int i = start;
    while (i < content.length()
        && (Character.isWhitespace(content.charAt(i)) || content.charAt(i) == '(')) {
      i++;
    }
    int end = i;
    while (end < content.length() && end - i < 16 && Character.isLetter(content.charAt(end))) {
      end++;
    }
    String word = content.substring(i, end).toLowerCase(Locale.ROOT);
    return KINDS.contains(word) ? word : OTHER;
  }
}
