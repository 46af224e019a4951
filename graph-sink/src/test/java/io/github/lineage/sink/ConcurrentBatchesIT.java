package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.col;
import static io.github.lineage.sink.Docs.doc;
import static io.github.lineage.sink.Docs.insert;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.local.EmbeddedNeo4j;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/**
 * Parallel workers write batches that share hub tables, as the files of a warehouse do (every
 * mart reads the same dimensions). Their transactions must wait for each other, never deadlock:
 * a deadlock costs a driver retry of a second or more.
 */
class ConcurrentBatchesIT {

  private static final int WORKERS = 4;
  private static final int BATCHES = 12;
  private static final int FILES_PER_BATCH = 12;
  private static final List<String> HUBS = List.of("dim.a", "dim.b", "dim.c", "dim.d", "dim.e", "dim.f");

  private static EmbeddedNeo4j neo4j;
  private static Driver driver;

  @BeforeAll
  static void startNeo4j() {
    neo4j = EmbeddedNeo4j.startTemporary();
    driver = Neo4jTestSupport.driver(neo4j);
    GraphSchema.ensure(driver);
  }

  @AfterAll
  static void stopNeo4j() {
    driver.close();
    neo4j.close();
  }

  @Test
  void shouldWriteOverlappingBatchesOfParallelWorkersWithoutADeadlockRetry() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GraphWriter writer = new GraphWriter(driver, new SinkMetrics(registry));
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        running.add(pool.submit(() -> {
          Random random = new Random(worker);
          // Each file is written, then rewritten: the second pass detaches edges of dense hubs.
          for (int version = 1; version <= 2; version++) {
            for (int b = 0; b < BATCHES; b++) {
              writer.writeBatched(batch(worker, b, version, random));
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

    assertThat(registry.get(MetricNames.NEO4J_BATCH_RETRIES).counter().count()).as("transactions retried").isZero();
    GraphSnapshot graph = GraphSnapshot.read(driver);
    assertThat(graph.nodeIds().stream().filter(id -> id.startsWith("File ")).count())
        .isEqualTo((long) WORKERS * BATCHES * FILES_PER_BATCH);
  }

  /** Files that each read three hubs in a random order and write a table of their own and a hub. */
  private static List<FileChange> batch(int worker, int batch, int version, Random random) {
    List<FileChange> files = new ArrayList<>();
    for (int f = 0; f < FILES_PER_BATCH; f++) {
      List<String> hubs = new ArrayList<>(HUBS);
      Collections.shuffle(hubs, random);
      String own = "mart.w" + worker + "_b" + batch + "_f" + f;
      String key = "repo:w" + worker + "/b" + batch + "/f" + f + ".sql";
      files.add(Docs.upsert(doc(key, "sha-" + version + "-" + random.nextInt(),
          insert(hubs.subList(0, 3), List.of(own, hubs.get(3)),
              col(own + ".c" + version, hubs.get(0) + ".id", hubs.get(1) + ".v" + random.nextInt(3)),
              col(hubs.get(3) + ".x", hubs.get(2) + ".id")))));
    }
    return files;
  }
}
