package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.col;
import static io.github.lineage.sink.Docs.doc;
import static io.github.lineage.sink.Docs.insert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.neo4j.driver.exceptions.TransientException;

/**
 * Parallel workers writing batches that share hub tables, as a warehouse's files do (every mart
 * reads the same dimensions), shaped to deadlock when the batches take no common lock order: every
 * file reads and writes hubs picked in a random order, and every round rewrites every file with
 * other hubs, so each batch deletes and recreates relationships on the dense hub nodes.
 */
final class HubWorkload {

  private static final int WORKERS = 6;
  private static final int BATCHES = 4;
  private static final int FILES_PER_BATCH = 12;
  private static final List<String> HUBS =
      List.of("dim.a", "dim.b", "dim.c", "dim.d", "dim.e", "dim.f");

  private static final String DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected";

  private HubWorkload() {}

  static int files() {
    return WORKERS * BATCHES * FILES_PER_BATCH;
  }

  /**
   * Writes (round 0) or rewrites every file once, each worker its own batches, all in parallel.
   * Returns how many batches failed with a deadlock the driver's retries did not get past (the
   * others' retries the writer counts); a batch that failed so is written again.
   */
  static int round(GraphWriter writer, int round) throws Exception {
    AtomicInteger deadlocked = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        running.add(
            pool.submit(
                () -> {
                  Random random = new Random(31L * round + worker);
                  for (int b = 0; b < BATCHES; b++) {
                    List<FileState> batch = batch(worker, b, round, random);
                    while (!written(writer, batch)) {
                      deadlocked.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return deadlocked.get();
  }

  private static boolean written(GraphWriter writer, List<FileState> batch) {
    try {
      writer.writeBatched(batch);
      return true;
    } catch (TransientException e) {
      if (DEADLOCK.equals(e.code())) {
        return false;
      }
      throw e;
    }
  }

  /** Files that each read three hubs in a random order and write a table of their own and a hub. */
  private static List<FileState> batch(int worker, int batch, int version, Random random) {
    List<FileState> files = new ArrayList<>();
    for (int f = 0; f < FILES_PER_BATCH; f++) {
      List<String> hubs = new ArrayList<>(HUBS);
      Collections.shuffle(hubs, random);
      String own = "mart.w" + worker + "_b" + batch + "_f" + f;
      String key = "repo:w" + worker + "/b" + batch + "/f" + f + ".sql";
      files.add(
          Docs.upsert(
              doc(
                  key,
                  "sha-" + version + "-" + random.nextInt(),
                  insert(
                      hubs.subList(0, 3),
                      List.of(own, hubs.get(3)),
                      col(
                          own + ".c" + version,
                          hubs.get(0) + ".id",
                          hubs.get(1) + ".v" + random.nextInt(3)),
                      col(hubs.get(3) + ".x" + random.nextInt(3), hubs.get(2) + ".id")))));
    }
    return files;
  }
}
