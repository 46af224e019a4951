package io.github.lineage.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Change-to-graph latency of saves: from the moment a file was written to the first poll that finds
 * its File node with the new content's sha256. A save overtaken by a later save of the same file
 * (the debounce window collapses them) is complete when the later content shows, at that moment:
 * what it asked for is then in the graph. A re-save of the content the graph already holds changes
 * nothing and is not timed. Thread-safe: the writer records, a poller resolves.
 */
final class EditTracker {

  private record Pending(String sha256, long writtenNanos) {}

  private final Function<Collection<String>, Map<String, String>> graph;
  private final Map<String, String> current;
  private final Map<String, Deque<Pending>> pending = new HashMap<>();
  private final List<Double> latenciesMs = new ArrayList<>();
  private int resaves;
  private int written;

  /**
   * @param graph looks up the sha256 the graph holds for keys (see {@link GraphShas#of})
   * @param current key → sha256 of what the graph holds now (the ingested corpus)
   */
  EditTracker(
      Function<Collection<String>, Map<String, String>> graph, Map<String, String> current) {
    this.graph = graph;
    this.current = new HashMap<>(current);
  }

  synchronized void written(String key, String sha256, long writtenNanos) {
    written++;
    Deque<Pending> queue = pending.get(key);
    String last = queue != null && !queue.isEmpty() ? queue.peekLast().sha256() : current.get(key);
    if (sha256.equals(last)) {
      resaves++;
      return;
    }
    pending
        .computeIfAbsent(key, k -> new ArrayDeque<>())
        .addLast(new Pending(sha256, writtenNanos));
  }

  /** One poll of the graph for every key with pending saves; returns how many are still pending. */
  int poll() {
    List<String> keys;
    synchronized (this) {
      keys = new ArrayList<>(pending.keySet());
    }
    if (keys.isEmpty()) {
      return 0;
    }
    Map<String, String> shas = graph.apply(keys);
    long now = System.nanoTime();
    synchronized (this) {
      for (String key : keys) {
        String inGraph = shas.get(key);
        Deque<Pending> queue = pending.get(key);
        if (inGraph == null || queue == null) {
          continue;
        }
        // The latest save that the graph shows completes it and every save before it.
        int match = -1;
        int i = 0;
        for (Pending p : queue) {
          if (p.sha256().equals(inGraph)) {
            match = i;
          }
          i++;
        }
        for (int k = 0; k <= match; k++) {
          Pending done = queue.pollFirst();
          latenciesMs.add((now - done.writtenNanos()) / 1e6);
        }
        if (match >= 0) {
          current.put(key, inGraph);
        }
        if (queue.isEmpty()) {
          pending.remove(key);
        }
      }
      return pendingCount();
    }
  }

  /**
   * Polls until nothing is pending or no save completed for {@code stallMillis}; returns what is
   * left.
   */
  int awaitAll(long pollMillis, long stallMillis) throws InterruptedException {
    long lastProgress = System.nanoTime();
    int left = poll();
    while (left > 0) {
      Thread.sleep(pollMillis);
      int now = poll();
      if (now < left) {
        lastProgress = System.nanoTime();
      } else if ((System.nanoTime() - lastProgress) / 1_000_000 > stallMillis) {
        return now;
      }
      left = now;
    }
    return 0;
  }

  synchronized int pendingCount() {
    return pending.values().stream().mapToInt(Deque::size).sum();
  }

  synchronized List<Double> latenciesMs() {
    return List.copyOf(latenciesMs);
  }

  synchronized int resaves() {
    return resaves;
  }

  synchronized int written() {
    return written;
  }
}
