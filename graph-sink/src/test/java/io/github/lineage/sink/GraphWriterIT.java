package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.col;
import static io.github.lineage.sink.Docs.doc;
import static io.github.lineage.sink.Docs.insert;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.LineageDocument;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.graphdb.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The graph writer against a real Neo4j: exact node and edge sets after every change. */
class GraphWriterIT {

  private static final Logger LOG = LoggerFactory.getLogger(GraphWriterIT.class);

  enum Mode {
    BATCHED,
    PER_ENTITY
  }

  @RegisterExtension static final Neo4jFixture neo4j = new Neo4jFixture();
  private GraphWriter writer;

  @BeforeEach
  void cleanDatabase() {
    GraphSnapshot.clear(neo4j.driver());
    writer = new GraphWriter(neo4j.driver(), new SinkMetrics(new SimpleMeterRegistry()));
  }

  private void apply(Mode mode, List<FileState> changes) {
    if (mode == Mode.BATCHED) {
      writer.writeBatched(changes);
    } else {
      for (FileState change : changes) {
        writer.writePerEntity(change, new GraphWriter.Detached());
      }
    }
  }

  private static final LineageDocument A =
      doc(
          "repo:a.sql",
          "sha-a1",
          insert(
              List.of("raw.s", "raw.u"), List.of("mart.t"), col("mart.t.c", "raw.s.a", "raw.u.b")));
  private static final LineageDocument B =
      doc(
          "repo:b.sql",
          "sha-b1",
          insert(List.of("mart.t"), List.of("mart.v"), col("mart.v.x", "mart.t.c")));
  private static final LineageDocument A_EDITED =
      doc(
          "repo:a.sql",
          "sha-a2",
          insert(List.of("raw.s"), List.of("mart.t"), col("mart.t.c", "raw.s.a")));

  @Test
  void shouldMigrateEdgesWrittenWithoutTheirFileKeySoALaterDeleteRemovesThem() {
    apply(Mode.BATCHED, List.of(Docs.upsert(A)));
    // As an older sink left them: the edges carry `file` only.
    try (var session = neo4j.driver().session()) {
      session.run("MATCH ()-[r:FEEDS|DERIVES]->() REMOVE r.fileKey").consume();
      session.run("MATCH (v:SchemaVersion) DELETE v").consume();
    }

    GraphSchema.ensure(neo4j.driver());
    apply(Mode.BATCHED, List.of(FileState.delete("repo:a.sql")));

    assertThat(GraphSnapshot.read(neo4j.driver()).edges()).isEmpty();
  }

  @Test
  void shouldNeverWriteAnOlderDocumentOverANewerOneOfTheSamePartition() {
    // Another worker, given the partition while this one retried, already wrote offsets 10 and 20.
    writer.writeBatched(List.of(Docs.upsert(A)), Map.of("repo:a.sql", new Position("docs", 3, 10)));
    writer.writeBatched(
        List.of(Docs.upsert(A_EDITED)), Map.of("repo:a.sql", new Position("docs", 3, 20)));

    Set<String> leftOut =
        writer.writeBatched(
            List.of(Docs.upsert(A)), Map.of("repo:a.sql", new Position("docs", 3, 10)));

    assertThat(leftOut).containsExactly("repo:a.sql");
    assertThat(GraphSnapshot.read(neo4j.driver()).nodeIds())
        .doesNotContain("Table raw.u", "Column raw.u.b");
    // Another partition has a fence of its own.
    assertThat(
            writer.writeBatched(
                List.of(Docs.upsert(B)), Map.of("repo:b.sql", new Position("docs", 4, 5))))
        .isEmpty();
  }

  @Test
  void shouldNeverBringBackAFileDeletedAfterTheDocumentAWorkerStillHolds() {
    writer.writeBatched(List.of(Docs.upsert(A)), Map.of("repo:a.sql", new Position("docs", 0, 1)));
    writer.writeBatched(
        List.of(FileState.delete("repo:a.sql")), Map.of("repo:a.sql", new Position("docs", 0, 7)));

    writer.writeBatched(List.of(Docs.upsert(A)), Map.of("repo:a.sql", new Position("docs", 0, 1)));

    assertThat(GraphSnapshot.read(neo4j.driver()).nodeIds()).isEmpty();
  }

  @Test
  void shouldRemoveAFileWrittenBeforeTheGivenTimeWithWhatOnlyItContributed() {
    writer.writeBatched(List.of(Docs.upsert(A)));
    GraphSnapshot onlyA = GraphSnapshot.read(neo4j.driver());
    writer.writeBatched(List.of(Docs.upsert(B)));
    long since = writer.graphTime() + 1;

    Set<String> removed =
        writer.removeWrittenBefore(List.of("repo:b.sql", "repo:never.sql"), since);

    assertThat(removed).containsExactly("repo:b.sql");
    assertThat(GraphSnapshot.read(neo4j.driver())).isEqualTo(onlyA);
  }

  @Test
  void shouldKeepAFileWrittenAtOrAfterTheGivenTimeAsALiveSinkWroteItDuringTheScan()
      throws Exception {
    writer.writeBatched(List.of(Docs.upsert(A)));
    long scanStart = writer.graphTime();
    Thread.sleep(5);
    writer.writeBatched(List.of(Docs.upsert(B)));
    GraphSnapshot before = GraphSnapshot.read(neo4j.driver());

    Set<String> removed =
        writer.removeWrittenBefore(List.of("repo:a.sql", "repo:b.sql"), scanStart);

    assertThat(removed).containsExactly("repo:a.sql");
    assertThat(GraphSnapshot.read(neo4j.driver()).nodeIds())
        .contains("File repo:b.sql")
        .doesNotContain("File repo:a.sql");
    assertThat(before.nodeIds()).contains("File repo:a.sql");
  }

  @Test
  void shouldRemoveAFileAnOlderSinkWroteWithoutWrittenAt() {
    writer.writeBatched(List.of(Docs.upsert(A)));
    try (var session = neo4j.driver().session()) {
      session.run("MATCH (f:File) REMOVE f.writtenAt").consume();
    }

    assertThat(writer.removeWrittenBefore(List.of("repo:a.sql"), 0)).containsExactly("repo:a.sql");
    assertThat(GraphSnapshot.read(neo4j.driver()).nodes()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void shouldConvergeToExactGraphWhenFilesAreCreatedEditedAndDeleted(Mode mode) {
    apply(mode, List.of(Docs.upsert(A), Docs.upsert(B)));
    GraphSnapshot created = GraphSnapshot.read(neo4j.driver());
    assertThat(created.nodeIds())
        .containsExactly(
            "Column mart.t.c",
            "Column mart.v.x",
            "Column raw.s.a",
            "Column raw.u.b",
            "File repo:a.sql",
            "File repo:b.sql",
            "Table mart.t",
            "Table mart.v",
            "Table raw.s",
            "Table raw.u");
    assertThat(created.edges())
        .containsExactly(
            "(Column mart.t.c)-[DERIVES {file=repo:b.sql}]->(Column mart.v.x)",
            "(Column raw.s.a)-[DERIVES {file=repo:a.sql}]->(Column mart.t.c)",
            "(Column raw.u.b)-[DERIVES {file=repo:a.sql}]->(Column mart.t.c)",
            "(File repo:a.sql)-[READS]->(Table raw.s)",
            "(File repo:a.sql)-[READS]->(Table raw.u)",
            "(File repo:a.sql)-[WRITES]->(Table mart.t)",
            "(File repo:b.sql)-[READS]->(Table mart.t)",
            "(File repo:b.sql)-[WRITES]->(Table mart.v)",
            "(Table mart.t)-[FEEDS {file=repo:b.sql}]->(Table mart.v)",
            "(Table mart.t)-[HAS_COLUMN]->(Column mart.t.c)",
            "(Table mart.v)-[HAS_COLUMN]->(Column mart.v.x)",
            "(Table raw.s)-[FEEDS {file=repo:a.sql}]->(Table mart.t)",
            "(Table raw.s)-[HAS_COLUMN]->(Column raw.s.a)",
            "(Table raw.u)-[FEEDS {file=repo:a.sql}]->(Table mart.t)",
            "(Table raw.u)-[HAS_COLUMN]->(Column raw.u.b)");
    assertThat(created.nodes())
        .contains(
            "[File]{errorCount=0, key=repo:a.sql, path=a.sql, sha256=sha-a1, source=repo, updatedAt=2026-11-30T10:15:30Z}");

    apply(mode, List.of(Docs.upsert(A_EDITED)));
    GraphSnapshot edited = GraphSnapshot.read(neo4j.driver());
    assertThat(edited.nodeIds())
        .containsExactly(
            "Column mart.t.c",
            "Column mart.v.x",
            "Column raw.s.a",
            "File repo:a.sql",
            "File repo:b.sql",
            "Table mart.t",
            "Table mart.v",
            "Table raw.s");
    assertThat(edited.edges())
        .containsExactly(
            "(Column mart.t.c)-[DERIVES {file=repo:b.sql}]->(Column mart.v.x)",
            "(Column raw.s.a)-[DERIVES {file=repo:a.sql}]->(Column mart.t.c)",
            "(File repo:a.sql)-[READS]->(Table raw.s)",
            "(File repo:a.sql)-[WRITES]->(Table mart.t)",
            "(File repo:b.sql)-[READS]->(Table mart.t)",
            "(File repo:b.sql)-[WRITES]->(Table mart.v)",
            "(Table mart.t)-[FEEDS {file=repo:b.sql}]->(Table mart.v)",
            "(Table mart.t)-[HAS_COLUMN]->(Column mart.t.c)",
            "(Table mart.v)-[HAS_COLUMN]->(Column mart.v.x)",
            "(Table raw.s)-[FEEDS {file=repo:a.sql}]->(Table mart.t)",
            "(Table raw.s)-[HAS_COLUMN]->(Column raw.s.a)");
    assertThat(edited.nodes()).anyMatch(n -> n.contains("sha256=sha-a2"));

    apply(mode, List.of(Docs.delete("repo:b.sql")));
    GraphSnapshot deleted = GraphSnapshot.read(neo4j.driver());
    assertThat(deleted.nodeIds())
        .containsExactly(
            "Column mart.t.c", "Column raw.s.a", "File repo:a.sql", "Table mart.t", "Table raw.s");
    assertThat(deleted.edges())
        .containsExactly(
            "(Column raw.s.a)-[DERIVES {file=repo:a.sql}]->(Column mart.t.c)",
            "(File repo:a.sql)-[READS]->(Table raw.s)",
            "(File repo:a.sql)-[WRITES]->(Table mart.t)",
            "(Table mart.t)-[HAS_COLUMN]->(Column mart.t.c)",
            "(Table raw.s)-[FEEDS {file=repo:a.sql}]->(Table mart.t)",
            "(Table raw.s)-[HAS_COLUMN]->(Column raw.s.a)");

    apply(mode, List.of(Docs.delete("repo:a.sql")));
    assertThat(GraphSnapshot.read(neo4j.driver()).nodes()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void shouldYieldTheSameGraphWhenTheSameDocumentsAreReplayed(Mode mode) {
    List<FileState> history = List.of(Docs.upsert(A), Docs.upsert(B), Docs.upsert(A_EDITED));
    for (FileState change : history) {
      apply(mode, List.of(change));
    }
    GraphSnapshot first = GraphSnapshot.read(neo4j.driver());
    for (FileState change : history) {
      apply(mode, List.of(change));
    }
    apply(mode, List.of(Docs.upsert(A_EDITED)));
    assertThat(GraphSnapshot.read(neo4j.driver())).isEqualTo(first);
  }

  @Test
  void shouldKeepSharedTableWhileAnotherFileStillReadsIt() {
    LineageDocument c = doc("repo:c.sql", "sha-c", insert(List.of("raw.s"), List.of("mart.w")));
    writer.writeBatched(List.of(Docs.upsert(A), Docs.upsert(c)));
    writer.writeBatched(List.of(Docs.delete("repo:a.sql")));
    GraphSnapshot snapshot = GraphSnapshot.read(neo4j.driver());
    assertThat(snapshot.nodeIds())
        .containsExactly("File repo:c.sql", "Table mart.w", "Table raw.s");
    assertThat(snapshot.edges())
        .containsExactly(
            "(File repo:c.sql)-[READS]->(Table raw.s)",
            "(File repo:c.sql)-[WRITES]->(Table mart.w)",
            "(Table raw.s)-[FEEDS {file=repo:c.sql}]->(Table mart.w)");
  }

  @Test
  void shouldKeepOneFeedsEdgePerFileWhenTwoFilesFeedTheSamePair() {
    LineageDocument c = doc("repo:c.sql", "sha-c", insert(List.of("raw.s"), List.of("mart.t")));
    writer.writeBatched(List.of(Docs.upsert(A), Docs.upsert(c)));
    assertThat(GraphSnapshot.read(neo4j.driver()).edges())
        .contains(
            "(Table raw.s)-[FEEDS {file=repo:a.sql}]->(Table mart.t)",
            "(Table raw.s)-[FEEDS {file=repo:c.sql}]->(Table mart.t)");
    writer.writeBatched(List.of(Docs.delete("repo:c.sql")));
    assertThat(GraphSnapshot.read(neo4j.driver()).edges())
        .filteredOn(e -> e.contains("FEEDS"))
        .containsExactly(
            "(Table raw.s)-[FEEDS {file=repo:a.sql}]->(Table mart.t)",
            "(Table raw.u)-[FEEDS {file=repo:a.sql}]->(Table mart.t)");
  }

  @Test
  void shouldStoreCypherInjectionTableNameLiterally() {
    String evil = "x}) DETACH DELETE n //";
    String evilColumn = "x'}) MATCH (m) DETACH DELETE m //.c";
    LineageDocument doc =
        doc(
            "repo:evil.sql",
            "sha-e",
            insert(List.of(evil), List.of("mart.t"), col("mart.t.c", evilColumn)));
    writer.writeBatched(List.of(Docs.upsert(A)));
    writer.writeBatched(List.of(Docs.upsert(doc)));
    writer.writePerEntity(Docs.upsert(doc), new GraphWriter.Detached());
    GraphSnapshot snapshot = GraphSnapshot.read(neo4j.driver());
    assertThat(snapshot.nodeIds())
        .contains(
            "Table " + evil,
            "Column " + evilColumn,
            "Table x'}) MATCH (m) DETACH DELETE m //",
            "File repo:a.sql",
            "Table raw.u");
    assertThat(snapshot.edges())
        .contains("(Table " + evil + ")-[FEEDS {file=repo:evil.sql}]->(Table mart.t)");
  }

  @Test
  void shouldBuildIdenticalGraphsWithBatchedAndPerEntityWrites() {
    List<List<FileState>> history = randomHistory(new Random(42), 12, 3);
    for (List<FileState> batch : history) {
      apply(Mode.BATCHED, batch);
    }
    GraphSnapshot batched = GraphSnapshot.read(neo4j.driver());
    GraphSnapshot.clear(neo4j.driver());
    for (List<FileState> batch : history) {
      apply(Mode.PER_ENTITY, batch);
    }
    GraphSnapshot perEntity = GraphSnapshot.read(neo4j.driver());
    assertThat(batched.nodes()).isNotEmpty();
    assertThat(batched.edges()).hasSizeGreaterThan(20);
    assertThat(perEntity).isEqualTo(batched);
  }

  @Test
  void shouldLeaveAnEmptyGraphWhenEveryFileIsDeleted() {
    List<List<FileState>> history = randomHistory(new Random(7), 12, 3);
    for (List<FileState> batch : history) {
      writer.writeBatched(batch);
    }
    List<FileState> deletes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      deletes.add(Docs.delete("repo:f" + i + ".sql"));
    }
    writer.writeBatched(deletes.subList(0, 6));
    for (FileState delete : deletes.subList(6, 12)) {
      writer.writePerEntity(delete, new GraphWriter.Detached());
    }
    assertThat(GraphSnapshot.read(neo4j.driver()).nodes()).isEmpty();
  }

  /** Rounds of batches of upserts and deletes of {@code files} files over a small table pool. */
  static List<List<FileState>> randomHistory(Random random, int files, int rounds) {
    List<List<FileState>> history = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      List<FileState> batch = new ArrayList<>();
      for (int f = 0; f < files; f++) {
        if (random.nextInt(3) == 0) {
          continue;
        }
        String key = "repo:f" + f + ".sql";
        batch.add(
            random.nextInt(5) == 0 ? Docs.delete(key) : Docs.upsert(randomDoc(random, key, round)));
      }
      history.add(batch);
    }
    return history;
  }

  static LineageDocument randomDoc(Random random, String key, int version) {
    String source = "raw.t" + random.nextInt(12);
    String source2 = "stg.t" + random.nextInt(8);
    String target = "mart.t" + random.nextInt(10);
    return doc(
        key,
        key + "-v" + version,
        insert(
            List.of(source, source2),
            List.of(target),
            col(
                target + ".c" + random.nextInt(3),
                source + ".a" + random.nextInt(3),
                source2 + ".*")),
        insert(
            List.of(target),
            List.of("report.r" + random.nextInt(4)),
            col("report.r.x", target + ".c0")));
  }

  // Parallel workers write batches that share hub tables: with the lock step their transactions
  // wait for each other and never deadlock (a deadlock costs a neo4j.driver() retry of a second or
  // more).
  // Deadlocks are probabilistic, so zero retries alone proves nothing: the same workload first runs
  // without the lock step, round after round, until it has deadlocked at least once; then exactly
  // those rounds run again, from an empty graph, with the lock step. At least two: the first
  // creates the files (racing on new nodes' index entries), the second rewrites them (racing on
  // the dense hubs' relationship groups), and both must pass without a deadlock.
  private static final int MIN_ROUNDS = 2;
  private static final int MAX_CONTROL_ROUNDS = 30;
  private static final long CONTROL_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(25);

  @Test
  void shouldWriteOverlappingBatchesOfParallelWorkersWithoutADeadlockRetry() throws Exception {
    SimpleMeterRegistry unordered = new SimpleMeterRegistry();
    GraphWriter control =
        new GraphWriter(neo4j.driver(), new SinkMetrics(unordered), GraphWriter.TableLocks.SKIPPED);
    int rounds = 0;
    int controlFailed = 0;
    long deadline = System.nanoTime() + CONTROL_BUDGET_NANOS;
    while (rounds < MIN_ROUNDS
        || (controlFailed + retries(unordered) == 0
            && rounds < MAX_CONTROL_ROUNDS
            && System.nanoTime() < deadline)) {
      controlFailed += HubWorkload.round(control, rounds++);
    }
    LOG.info(
        "without the lock step: {} retried and {} failed transaction(s) in {} round(s)",
        (long) retries(unordered),
        controlFailed,
        rounds);
    // Without a lock timeout and with Neo4j up, a deadlock is the only transient error here.
    assertThat(controlFailed + retries(unordered))
        .as(
            "deadlocks without the lock step in %d round(s): the workload must provoke them",
            rounds)
        .isPositive();

    GraphSnapshot.clear(neo4j.driver());
    SimpleMeterRegistry ordered = new SimpleMeterRegistry();
    GraphWriter locking = new GraphWriter(neo4j.driver(), new SinkMetrics(ordered));
    int failed = 0;
    for (int round = 0; round < rounds; round++) {
      failed += HubWorkload.round(locking, round);
    }

    assertThat(failed).as("batches failed on a deadlock with the lock step").isZero();
    assertThat(retries(ordered)).as("transactions retried with the lock step").isZero();
    GraphSnapshot graph = GraphSnapshot.read(neo4j.driver());
    assertThat(graph.nodeIds().stream().filter(id -> id.startsWith("File ")).count())
        .isEqualTo((long) HubWorkload.files());
  }

  // Two batches that reach the same two dense hubs in opposite orders, stepped so they collide:
  // each first detaches its file's old edges (the deletion lock of one hub's relationship groups),
  // then stops at a gate (a table it creates, held uncommitted by the test), then links its file to
  // the other hub. Both stopped, the gates open: without the lock step each now waits for the
  // other's hub, a deadlock every time; with it the second batch waits at its first lock and none
  // occurs.
  private static final String GATE = "MERGE (:Table {name: $name})";
  private static final String BLOCKED =
      "SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' RETURN count(*) AS blocked";
  // Past Neo4j's dense-node threshold (50 relationships): only dense nodes have the relationship
  // groups whose deletion lock the batches collide on.
  private static final int DENSE = 60;

  @Test
  void shouldDeadlockTwoBatchesReachingTheSameHubsInOppositeOrdersWithoutTheLockStep()
      throws Exception {
    assertThat(steppedOppositeBatches(GraphWriter.TableLocks.SKIPPED))
        .as("deadlock retries without the lock step")
        .isPositive();
  }

  @Test
  void shouldNotDeadlockTwoBatchesReachingTheSameHubsInOppositeOrdersWithTheLockStep()
      throws Exception {
    assertThat(steppedOppositeBatches(GraphWriter.TableLocks.ORDERED))
        .as("transactions retried with the lock step")
        .isZero();
  }

  /** Runs the two stepped batches; returns the transactions retried. */
  private double steppedOppositeBatches(GraphWriter.TableLocks locks) throws Exception {
    List<FileState> fillers = new ArrayList<>();
    for (int f = 0; f < DENSE; f++) {
      fillers.add(
          Docs.upsert(
              doc("repo:fill" + f + ".sql", "sha", insert(List.of("dim.x", "dim.y"), List.of()))));
    }
    writer.writeBatched(fillers);
    writer.writeBatched(List.of(Docs.upsert(reading("p", "dim.x", "mart.p"))));
    writer.writeBatched(List.of(Docs.upsert(reading("q", "dim.y", "mart.q"))));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GraphWriter stepped = new GraphWriter(neo4j.driver(), new SinkMetrics(registry), locks);

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> running = new ArrayList<>();
      try (Transaction gates = neo4j.embedded().database().beginTx()) {
        gates.execute(GATE, Map.of("name", "mart.p2")).close();
        gates.execute(GATE, Map.of("name", "mart.q2")).close();
        running.add(
            pool.submit(
                () ->
                    stepped.writeBatched(List.of(Docs.upsert(reading("p", "dim.y", "mart.p2"))))));
        running.add(
            pool.submit(
                () ->
                    stepped.writeBatched(List.of(Docs.upsert(reading("q", "dim.x", "mart.q2"))))));
        awaitBlocked(2);
        gates.rollback();
      }
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(GraphSnapshot.read(neo4j.driver()).edges())
        .contains(
            "(File repo:p.sql)-[READS]->(Table dim.y)", "(File repo:q.sql)-[READS]->(Table dim.x)")
        .doesNotContain(
            "(File repo:p.sql)-[READS]->(Table dim.x)", "(File repo:q.sql)-[READS]->(Table dim.y)");
    return retries(registry);
  }

  private static LineageDocument reading(String name, String hub, String target) {
    return doc("repo:" + name + ".sql", "sha-" + target, insert(List.of(hub), List.of(target)));
  }

  /** Waits until {@code count} transactions wait for a lock (the gates' or each other's). */
  private static void awaitBlocked(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      long blocked;
      try (Session session = neo4j.driver().session(SessionConfig.forDatabase("system"))) {
        blocked = session.run(BLOCKED).single().get("blocked").asLong();
      }
      if (blocked >= count) {
        return;
      }
      assertThat(System.nanoTime())
          .as("%d transactions blocked in time", count)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static double retries(SimpleMeterRegistry registry) {
    return registry.get(MetricNames.NEO4J_BATCH_RETRIES).counter().count();
  }
}
