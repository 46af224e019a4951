package io.github.lineage.watcher;

import static io.github.lineage.watcher.WatcherFixture.key;
import static io.github.lineage.watcher.WatcherFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ChangeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched directory replaced by a symlink to a directory outside the root ({@code rm -rf sub &&
 * ln -s /elsewhere sub}): its files become absent (DELETEs), and nothing behind the link is ever
 * read, at the start-up scan and while watching.
 */
class WatcherSymlinkSwapIT {

  private static final String SECRET = "select 'from outside the root'";

  @TempDir Path temp;
  WatcherFixture fx;
  Path outside;

  @BeforeEach
  void setUp() throws IOException {
    fx = new WatcherFixture(temp, 1);
    fx.env.put(WatcherConfig.ENV_SETTLE_MS, "50");
    fx.env.put(WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS, "0");
    outside = Files.createDirectories(temp.resolve("elsewhere"));
    Files.writeString(outside.resolve("x.sql"), SECRET);
    Files.writeString(outside.resolve("only-outside.sql"), SECRET);
    fx.write("keep.sql", "select 1");
    fx.write("sub/x.sql", "select 'ours'");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void swapSubForLink() throws IOException {
    Path sub = fx.root.resolve("sub");
    try (Stream<Path> walk = Files.walk(sub)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
    Files.createSymbolicLink(sub, outside);
  }

  private double skipped() {
    return fx.registry
        .get(MetricNames.FILES_SKIPPED)
        .tag(MetricNames.TAG_REASON, "symlink_outside_root")
        .counter()
        .count();
  }

  @Test
  void shouldDeleteTheFilesOfADirectorySwappedForALinkAtTheStartUpScanWithoutReadingBehindIt()
      throws IOException {
    try (WatcherService service = fx.service()) {
      assertThat(service.reconcile().expected()).containsKey(key("sub/x.sql"));
    }
    swapSubForLink();

    ReconcileResult result;
    try (WatcherService service = fx.service()) {
      result = service.reconcile();
      assertThat(skipped()).as("the link is counted as skipped").isEqualTo(1.0);
    }

    assertThat(result.deletes()).isEqualTo(1);
    assertThat(result.expected()).containsOnlyKeys(key("keep.sql"));
    List<ChangeEvent> events = fx.changes().eventsToEnd();
    assertThat(events).extracting(ChangeEvent::content).doesNotContain(SECRET);
    assertThat(events)
        .filteredOn(e -> e.key().equals(key("sub/x.sql")))
        .extracting(ChangeEvent::kind)
        .containsExactly(ChangeKind.UPSERT, ChangeKind.DELETE);
  }

  @Test
  void shouldDeleteTheFilesOfADirectorySwappedForALinkWhileWatchingAndIgnoreWritesBehindIt()
      throws IOException {
    try (WatcherService service = fx.service()) {
      service.start();
      TopicReader changes = fx.changes();
      await().atMost(Duration.ofSeconds(30)).until(() -> changes.events().size() == 2);

      swapSubForLink();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(changes.events())
                      .anySatisfy(
                          e -> {
                            assertThat(e.key()).isEqualTo(key("sub/x.sql"));
                            assertThat(e.kind()).isEqualTo(ChangeKind.DELETE);
                          }));
      // Writes behind the link, seen through the link's path or not: never read, never published.
      Files.writeString(outside.resolve("x.sql"), SECRET + " -- edited");
      Files.writeString(fx.root.resolve("sub/new.sql"), SECRET + " -- created through the link");
      fx.write("marker.sql", "select 'marker'");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> changes.events().stream().anyMatch(e -> e.key().equals(key("marker.sql"))));
      service.reconcile();

      assertThat(changes.eventsToEnd())
          .extracting(ChangeEvent::content)
          .noneMatch(c -> c != null && c.startsWith(SECRET));
      assertThat(service.expected()).containsOnlyKeys(key("keep.sql"), key("marker.sql"));
      assertThat(service.expected()).containsEntry(key("marker.sql"), sha("select 'marker'"));
      assertThat(service.isWatching()).isTrue();
    }
  }
}
