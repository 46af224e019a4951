package io.github.lineage.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * The sha256 the graph holds for given file keys: one index lookup per key (File.key is unique), so
 * a poll costs what is still pending, not the size of the graph.
 */
final class GraphShas {

  static final String SHAS_OF =
      """
      UNWIND $keys AS k
      MATCH (f:File {key: k})
      RETURN f.key AS key, f.sha256 AS sha256""";
  private static final int CHUNK = 5_000;
  private static final long UNPROMPTED_ASK_NANOS = 1_000_000_000L;

  private final Driver driver;

  GraphShas(Driver driver) {
    this.driver = driver;
  }

  /** key → sha256 for the keys that have a File node. */
  Map<String, String> of(Collection<String> keys) {
    Map<String, String> shas = new HashMap<>();
    List<String> all = new ArrayList<>(keys);
    try (Session session = driver.session()) {
      for (int from = 0; from < all.size(); from += CHUNK) {
        List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
        session.executeRead(
            tx -> {
              tx.run(SHAS_OF, Map.of("keys", chunk))
                  .forEachRemaining(
                      r -> shas.put(r.get("key").asString(), r.get("sha256").asString(null)));
              return null;
            });
      }
    }
    return shas;
  }

  /**
   * Polls until every key shows its expected sha256; returns the keys still wrong when no key came
   * right for {@code stallMillis}.
   */
  Map<String, String> awaitAll(Map<String, String> expected, long pollMillis, long stallMillis)
      throws InterruptedException {
    return awaitAll(expected, pollMillis, stallMillis, () -> true);
  }

  /**
   * As {@link #awaitAll(Map, long, long)}, but the graph is asked only when {@code worthAsking}
   * says so, or a second after it was last asked: a query for a thousand keys every poll cost the
   * pipeline it measures a noticeable share of two cores.
   */
  Map<String, String> awaitAll(
      Map<String, String> expected, long pollMillis, long stallMillis, BooleanSupplier worthAsking)
      throws InterruptedException {
    Map<String, String> pending = new HashMap<>(expected);
    long lastProgress = System.nanoTime();
    long lastAsked = 0;
    while (!pending.isEmpty()) {
      if (!worthAsking.getAsBoolean() && System.nanoTime() - lastAsked < UNPROMPTED_ASK_NANOS) {
        Thread.sleep(pollMillis);
        continue;
      }
      lastAsked = System.nanoTime();
      Map<String, String> actual = of(pending.keySet());
      int before = pending.size();
      pending.entrySet().removeIf(e -> e.getValue().equals(actual.get(e.getKey())));
      if (pending.isEmpty()) {
        break;
      }
      if (pending.size() < before) {
        lastProgress = System.nanoTime();
      } else if ((System.nanoTime() - lastProgress) / 1_000_000 > stallMillis) {
        break;
      }
      Thread.sleep(pollMillis);
    }
    return pending;
  }
}
