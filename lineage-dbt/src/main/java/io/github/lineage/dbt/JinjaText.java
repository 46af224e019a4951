package io.github.lineage.dbt;

/**
 * Rewrites of template text where Jinja (Python, what dbt runs) accepts what Jinjava does not. Each
 * keeps every character's line, so error lines stay those of the file.
 */
final class JinjaText {

  private JinjaText() {}

  /**
   * Drops trailing commas inside Jinja code — {@code config(a='x',)}, {@code ['a', 'b',]}, {@code
   * {'k': 1,}} — which Python's grammar allows and dbt's own docs write (the snapshot config), and
   * Jinjava's expression parser rejects. The comma becomes a space; string literals and comments
   * are left alone, and text outside {@code {{ }}}/{@code {% %}} is SQL, never touched.
   */
  static String dropTrailingCommas(String text) {
    if (text.indexOf(',') < 0) {
      return text;
    }
    char[] c = text.toCharArray();
    int i = 0;
    while (i < c.length - 1) {
      if (c[i] == '{' && c[i + 1] == '#') {
        i = skipPast(text, i + 2, "#}");
      } else if (c[i] == '{' && (c[i + 1] == '{' || c[i + 1] == '%')) {
        i = code(c, i + 2, c[i + 1] == '{' ? '}' : '%');
      } else {
        i++;
      }
    }
    return new String(c);
  }

  /** Scans Jinja code from {@code i} to its closing {@code close}}; returns the index after it. */
  private static int code(char[] c, int i, char close) {
    char quote = 0;
    int depth = 0;
    for (; i < c.length; i++) {
      char ch = c[i];
      if (quote != 0) {
        if (ch == '\\') {
          i++;
        } else if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '(' || ch == '[' || ch == '{') {
        depth++;
      } else if (ch == ')' || ch == ']' || (ch == '}' && depth > 0)) {
        depth--;
      } else if (depth == 0 && ch == close && i + 1 < c.length && c[i + 1] == '}') {
        return i + 2;
      } else if (ch == ',' && depth > 0) {
        int j = i + 1;
        while (j < c.length && Character.isWhitespace(c[j])) {
          j++;
        }
        if (j < c.length && (c[j] == ')' || c[j] == ']' || c[j] == '}')) {
          c[i] = ' ';
        }
      }
    }
    return c.length;
  }

  private static int skipPast(String text, int from, String end) {
    int at = text.indexOf(end, from);
    return at < 0 ? text.length() : at + end.length();
  }
}
