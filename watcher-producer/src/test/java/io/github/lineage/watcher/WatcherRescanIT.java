package io.github.lineage.watcher;

import static io.github.lineage.watcher.WatcherFixture.key;
import static io.github.lineage.watcher.WatcherFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.metrics.StageStatus;
import io.github.lineage.core.model.ChangeEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The periodic rescan is the safety net for changes the filesystem does not report. A write through
 * a hard link in an unwatched directory changes a watched file without any event on the watched
 * directory (as another NFS client's write would): only the rescan can see it.
 */
class WatcherRescanIT {

  @TempDir Path temp;
  WatcherFixture fx;
  Path hardLink;

  @BeforeEach
  void setUp() throws IOException {
    fx = new WatcherFixture(temp, 1);
    fx.env.put(WatcherConfig.ENV_SETTLE_MS, "50");
    fx.write("a.sql", "select 1");
    Path unwatched = Files.createDirectories(temp.resolve("unwatched"));
    hardLink = Files.createLink(unwatched.resolve("a-link.sql"), fx.root.resolve("a.sql"));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void shouldNotSeeAWriteThroughAHardLinkElsewhereWithoutTheRescan() throws IOException {
    fx.env.put(WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS, "0");
    try (WatcherService service = fx.service()) {
      service.start();
      TopicReader changes = fx.changes();
      Files.writeString(hardLink, "select 2");
      fx.write("marker.sql", "select 'marker'");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> changes.events().stream().anyMatch(e -> e.key().equals(key("marker.sql"))));

      assertThat(changes.eventsToEnd())
          .filteredOn(e -> e.key().equals(key("a.sql")))
          .extracting(ChangeEvent::sha256)
          .containsExactly(sha("select 1"));
      assertThat(service.expected()).containsEntry(key("a.sql"), sha("select 1"));
    }
  }

  @Test
  void shouldPublishAChangeNoEventReportedAtTheNextPeriodicRescan() throws IOException {
    fx.env.put(WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS, "1");
    try (WatcherService service = fx.service()) {
      service.start();
      assertThat(service.stageState()).isEqualTo(StageStatus.State.RUNNING);
      TopicReader changes = fx.changes();
      Files.writeString(hardLink, "select 2");
      // A file deleted and another created in a directory removed from the watch set meanwhile
      // would be just as invisible; the content change stands for every such case.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(changes.events())
                      .filteredOn(e -> e.key().equals(key("a.sql")))
                      .extracting(ChangeEvent::sha256)
                      .containsExactly(sha("select 1"), sha("select 2")));
      assertThat(fx.registry.get(MetricNames.WATCHER_RESCANS).counter().count())
          .isGreaterThanOrEqualTo(1.0);
      // The watcher records what it published when the broker acknowledges the send, which a
      // consumer of the topic can see before the producer's callback has run.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(service.expected()).containsEntry(key("a.sql"), sha("select 2")));
    }
  }

  @Test
  void shouldFailTheStageWhenTheWatchedRootVanishes() throws IOException {
    fx.env.put(WatcherConfig.ENV_RESCAN_INTERVAL_SECONDS, "0");
    try (WatcherService service = fx.service()) {
      assertThat(service.stageState()).isEqualTo(StageStatus.State.STARTING);
      service.start();
      assertThat(service.stageState()).isEqualTo(StageStatus.State.RUNNING);
      Files.delete(fx.root.resolve("a.sql"));
      Files.delete(fx.root);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> service.stageState() == StageStatus.State.FAILED);
      assertThat(service.isWatching()).isFalse();
    }
  }
}
