package io.github.lineage.parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The keys waiting in the debounce store, ordered by the time they fall due, so a punctuation
 * touches only the keys it flushes instead of scanning the whole store. It mirrors the store of one
 * task and is rebuilt from it when the task starts (after restoration). Not thread-safe: one task
 * is processed by one thread at a time.
 */
final class DueIndex {

  private record Entry(long dueMs, String key) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int byTime = Long.compare(dueMs, o.dueMs);
      return byTime != 0 ? byTime : key.compareTo(o.key);
    }
  }

  private final TreeSet<Entry> byDue = new TreeSet<>();
  private final Map<String, Long> dueByKey = new HashMap<>();

  /** Sets (or moves) the due time of {@code key}; returns whether the key was already pending. */
  boolean put(String key, long dueMs) {
    Long previous = dueByKey.put(key, dueMs);
    if (previous != null) {
      byDue.remove(new Entry(previous, key));
    }
    byDue.add(new Entry(dueMs, key));
    return previous != null;
  }

  boolean contains(String key) {
    return dueByKey.containsKey(key);
  }

  void remove(String key) {
    Long previous = dueByKey.remove(key);
    if (previous != null) {
      byDue.remove(new Entry(previous, key));
    }
  }

  /** Removes and returns, oldest first, every key due at or before {@code nowMs}. */
  List<String> pollDue(long nowMs) {
    List<String> due = new ArrayList<>();
    while (!byDue.isEmpty() && byDue.first().dueMs() <= nowMs) {
      Entry first = byDue.pollFirst();
      dueByKey.remove(first.key());
      due.add(first.key());
    }
    return due;
  }

  int size() {
    return dueByKey.size();
  }

  void clear() {
    byDue.clear();
    dueByKey.clear();
  }
}
