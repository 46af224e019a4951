package io.github.lineage.watcher;

import static io.github.lineage.watcher.WatcherFixture.key;
import static io.github.lineage.watcher.WatcherFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ChangeKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live watching against a real broker. The topics have one partition, so the order of events in it
 * is the order the watcher sent them, and "nothing else was sent" can be checked by waiting for a
 * later marker file instead of sleeping.
 */
class WatcherWatchIT {

  @TempDir Path temp;
  WatcherFixture fx;
  WatcherService service;
  TopicReader changes;

  @BeforeEach
  void setUp() {
    fx = new WatcherFixture(temp, 1);
    fx.env.put(WatcherConfig.ENV_SETTLE_MS, "50");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void startWatching() {
    service = fx.service();
    service.start();
    changes = fx.changes();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
  }

  /**
   * Waits until the events since {@code from} are exactly the expected (key, kind, sha256) tuples.
   */
  private void awaitNewEvents(int from, org.assertj.core.groups.Tuple... expected) {
    eventually()
        .untilAsserted(
            () -> {
              List<ChangeEvent> events = changes.events();
              assertThat(events.subList(Math.min(from, events.size()), events.size()))
                  .extracting(ChangeEvent::key, ChangeEvent::kind, ChangeEvent::sha256)
                  .containsExactlyInAnyOrder(expected);
            });
  }

  private int eventCount() {
    return changes.readToEnd().size();
  }

  @Test
  void shouldPublishCreateModifyAndDeleteWhileWatching() throws IOException {
    startWatching();

    fx.write("a.sql", "select 1");
    awaitNewEvents(0, tuple(key("a.sql"), ChangeKind.UPSERT, sha("select 1")));

    fx.write("a.sql", "select 2");
    awaitNewEvents(1, tuple(key("a.sql"), ChangeKind.UPSERT, sha("select 2")));

    Files.delete(fx.root.resolve("a.sql"));
    awaitNewEvents(2, tuple(key("a.sql"), ChangeKind.DELETE, null));
    // The state follows the broker's acknowledgement, which may come after a consumer saw the
    // record.
    eventually().untilAsserted(() -> assertThat(service.expected()).isEmpty());
  }

  @Test
  void shouldPublishARenameAsDeleteOfTheOldPathAndUpsertOfTheNew() throws IOException {
    fx.write("old.sql", "select 1");
    startWatching();
    int start = eventCount();

    Files.move(
        fx.root.resolve("old.sql"), fx.root.resolve("new.sql"), StandardCopyOption.ATOMIC_MOVE);

    awaitNewEvents(
        start,
        tuple(key("old.sql"), ChangeKind.DELETE, null),
        tuple(key("new.sql"), ChangeKind.UPSERT, sha("select 1")));
    // The state follows the broker's acknowledgement, which may come after a consumer saw the
    // record.
    eventually()
        .untilAsserted(() -> assertThat(service.expected()).containsOnlyKeys(key("new.sql")));
  }

  @Test
  void shouldPickUpFilesInNewSubdirectoriesCreatedBeforeTheirWatchIsRegistered()
      throws IOException {
    startWatching();
    // Written immediately after mkdir: before the watcher can have registered the directory.
    fx.write("new/deeper/x.sql", "select 'x'");
    fx.write("new/deeper/est/y.sql", "select 'y'");
    // A whole tree moved in from outside the root: its files predate any watch.
    Path staged = Files.createDirectories(temp.resolve("staging/tree/inner"));
    Files.writeString(staged.resolve("z.sql"), "select 'z'");
    Files.move(
        temp.resolve("staging/tree"), fx.root.resolve("moved"), StandardCopyOption.ATOMIC_MOVE);

    awaitNewEvents(
        0,
        tuple(key("new/deeper/x.sql"), ChangeKind.UPSERT, sha("select 'x'")),
        tuple(key("new/deeper/est/y.sql"), ChangeKind.UPSERT, sha("select 'y'")),
        tuple(key("moved/inner/z.sql"), ChangeKind.UPSERT, sha("select 'z'")));

    // And those new directories are watched from now on.
    fx.write("moved/inner/z.sql", "select 'z2'");
    awaitNewEvents(3, tuple(key("moved/inner/z.sql"), ChangeKind.UPSERT, sha("select 'z2'")));
  }

  @Test
  void shouldDeleteEveryFileUnderADeletedDirectory() throws IOException {
    fx.write("doomed/a.sql", "select 1");
    fx.write("doomed/sub/b.sql", "select 2");
    fx.write("stays.sql", "select 3");
    startWatching();
    int start = eventCount();

    deleteTree(fx.root.resolve("doomed"));

    awaitNewEvents(
        start,
        tuple(key("doomed/a.sql"), ChangeKind.DELETE, null),
        tuple(key("doomed/sub/b.sql"), ChangeKind.DELETE, null));
    // The state follows the broker's acknowledgement, which may come after a consumer saw the
    // record.
    eventually()
        .untilAsserted(() -> assertThat(service.expected()).containsOnlyKeys(key("stays.sql")));
  }

  @Test
  void shouldFollowADirectoryRenamedInsideTheRoot() throws IOException {
    fx.write("before/x.sql", "select 1");
    fx.write("before/sub/y.sql", "select 2");
    startWatching();
    int start = eventCount();

    Files.move(fx.root.resolve("before"), fx.root.resolve("after"), StandardCopyOption.ATOMIC_MOVE);

    awaitNewEvents(
        start,
        tuple(key("before/x.sql"), ChangeKind.DELETE, null),
        tuple(key("before/sub/y.sql"), ChangeKind.DELETE, null),
        tuple(key("after/x.sql"), ChangeKind.UPSERT, sha("select 1")),
        tuple(key("after/sub/y.sql"), ChangeKind.UPSERT, sha("select 2")));

    // inotify keeps the moved directory's watch: its events must name the new path.
    fx.write("after/sub/y.sql", "select 22");
    awaitNewEvents(start + 4, tuple(key("after/sub/y.sql"), ChangeKind.UPSERT, sha("select 22")));
  }

  @Test
  void shouldNotRepublishAFileSavedAgainWithTheSameContent() {
    fx.write("same.sql", "select 1");
    startWatching();
    int start = eventCount();

    fx.write("same.sql", "select 1");
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        fx.registry
                            .counter(
                                MetricNames.EVENTS_DEDUPLICATED,
                                MetricNames.TAG_STAGE,
                                MetricNames.STAGE_WATCHER)
                            .count())
                    .isGreaterThanOrEqualTo(1.0));
    fx.write("marker.sql", "select 'marker'");

    awaitNewEvents(start, tuple(key("marker.sql"), ChangeKind.UPSERT, sha("select 'marker'")));
  }

  @Test
  void shouldDeadLetterABadFileWhileWatchingAndLeaveOthersAlone() {
    fx.env.put(WatcherConfig.ENV_MAX_FILE_BYTES, "64");
    startWatching();
    TopicReader dlq = fx.dlq();

    fx.write("big.sql", "x".repeat(65));
    fx.write("bin.sql", new byte[] {0, 0, 0});
    fx.write("bad.sql", new byte[] {'s', (byte) 0xC3, '(', 'x'});
    fx.write("fine.sql", "select 1");

    awaitNewEvents(0, tuple(key("fine.sql"), ChangeKind.UPSERT, sha("select 1")));
    eventually()
        .untilAsserted(
            () ->
                assertThat(dlq.records())
                    .extracting(
                        r -> r.key(),
                        r ->
                            new String(
                                r.headers().lastHeader(DeadLetter.H_REASON).value(),
                                StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(
                        tuple(key("big.sql"), "too_large"),
                        tuple(key("bin.sql"), "binary"),
                        tuple(key("bad.sql"), "invalid_utf8")));
    // The state follows the broker's acknowledgement, which may come after a consumer saw the
    // record.
    eventually()
        .untilAsserted(() -> assertThat(service.expected()).containsOnlyKeys(key("fine.sql")));
  }

  @Test
  void shouldLoseNothingWhenKilledWhileFilesChange() throws IOException {
    for (int i = 0; i < 20; i++) {
      fx.write("batch/f" + i + ".sql", "select " + i);
    }
    service = fx.service();
    service.start();
    // Changes racing with the kill: some will be sent, some acknowledged, some neither.
    for (int i = 0; i < 20; i++) {
      fx.write("batch/f" + i + ".sql", "select " + i + " -- v2");
      if (i % 5 == 0) {
        Files.delete(fx.root.resolve("batch/f" + i + ".sql"));
      }
    }
    fx.write("late/n.sql", "select 'new'");
    service.abandon();
    // And more while it is down.
    fx.write("batch/f1.sql", "select 1 -- v3");
    Files.delete(fx.root.resolve("batch/f2.sql"));

    WatcherService restarted = fx.service();
    ReconcileResult result = restarted.start();

    assertThat(result.expected()).isEqualTo(fx.sqlFilesOnDisk());
    TopicReader reader = fx.changes();
    assertThat(WatcherFixture.replay(reader.eventsToEnd())).isEqualTo(fx.sqlFilesOnDisk());
    restarted.close();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}
