package io.github.lineage.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Parse results kept between the passes of one run over many files ({@code lineage parse}): the
 * corpus catalog's pass parses the CREATE statements, and the lineage pass takes their trees from
 * here instead of parsing them again. Keyed by the statement's text, so the same text yields the
 * same result either way; a tree is handed out once ({@link #take}) and then dropped. What is held
 * is bounded by the length of the statements' text, beyond which statements are simply parsed
 * again. Thread-safe.
 */
final class ParseMemo {

  private final ConcurrentHashMap<String, BoundedParser.Result> results = new ConcurrentHashMap<>();
  private final AtomicLong held = new AtomicLong();
  private final long capacity;

  /**
   * @param capacity the most characters of statement text whose trees are held at once (a tree
   *     keeps its statement's tokens: about 20 bytes of heap per character of text, measured on the
   *     benchmark's corpus)
   */
  ParseMemo(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
    }
    this.capacity = capacity;
  }

  /** The result for {@code text}, parsed now and kept if there is room, or the one kept. */
  BoundedParser.Result keep(String text, Function<String, BoundedParser.Result> parse) {
    BoundedParser.Result kept = results.get(text);
    if (kept != null) {
      return kept;
    }
    BoundedParser.Result parsed = parse.apply(text);
    if (capacity > 0 && held.addAndGet(text.length()) <= capacity) {
      if (results.putIfAbsent(text, parsed) != null) {
        held.addAndGet(-text.length());
      }
    } else if (capacity > 0) {
      held.addAndGet(-text.length());
    }
    return parsed;
  }

  /** The kept result for {@code text}, removed from here, or a fresh parse. */
  BoundedParser.Result take(String text, Function<String, BoundedParser.Result> parse) {
    if (capacity == 0) {
      return parse.apply(text);
    }
    BoundedParser.Result kept = results.remove(text);
    if (kept == null) {
      return parse.apply(text);
    }
    held.addAndGet(-text.length());
    return kept;
  }

  /** How many results are held now. */
  int size() {
    return results.size();
  }
}
