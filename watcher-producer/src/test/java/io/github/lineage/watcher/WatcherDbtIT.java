package io.github.lineage.watcher;

import static io.github.lineage.watcher.WatcherFixture.key;
import static io.github.lineage.watcher.WatcherFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ChangeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt projects under the watched root (docs/dbt.md, "Streaming"): which files are published, with
 * which project root, and what happens when the project changes. One partition, so the order of the
 * topic is the order of the sends.
 */
class WatcherDbtIT {

  private static final String PROJECT =
      "name: shop\nprofile: shop\nmodel-paths: [\"models\"]\nseed-paths: [\"data\"]\n";
  private static final String SEED = "id,name\n1,a\n2,b\n";

  @TempDir Path temp;
  WatcherFixture fx;

  @BeforeEach
  void setUp() {
    fx = new WatcherFixture(temp, 1);
    fx.env.put(WatcherConfig.ENV_SETTLE_MS, "50");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
  }

  private void writeProject() {
    fx.write("plain.sql", "select 1");
    fx.write("shop/dbt_project.yml", PROJECT);
    fx.write("shop/profiles.yml", "shop:\n  target: dev\n");
    fx.write("shop/models/a.sql", "select * from {{ ref('s') }}");
    fx.write("shop/models/schema.yml", "version: 2\n");
    fx.write("shop/macros/m.sql", "{% macro m() %}1{% endmacro %}");
    fx.write("shop/data/s.csv", SEED);
    fx.write("shop/analyses/x.sql", "select 2");
    fx.write("shop/tests/t.yml", "version: 2\n");
    fx.write("shop/README.md", "not published");
    fx.write("shop/seeds/old.csv", "not a seed path of this project\n");
  }

  /** The events after the first {@code from}, from one read of the topic. */
  private static List<ChangeEvent> since(TopicReader changes, int from) {
    List<ChangeEvent> all = changes.events();
    return all.subList(Math.min(from, all.size()), all.size());
  }

  private static Map<String, String> projects(List<ChangeEvent> events) {
    return events.stream()
        .collect(
            Collectors.toMap(ChangeEvent::key, e -> String.valueOf(e.dbtProject()), (a, b) -> b));
  }

  @Test
  void shouldPublishTheFilesRenderingReadsWithTheirProjectAndSeedsAsTheirFirstLine() {
    writeProject();

    try (WatcherService service = fx.service()) {
      service.reconcile();
    }

    List<ChangeEvent> events = fx.changes().eventsToEnd();
    assertThat(projects(events))
        .containsOnly(
            Map.entry(key("plain.sql"), "null"),
            Map.entry(key("shop/dbt_project.yml"), "shop"),
            Map.entry(key("shop/profiles.yml"), "shop"),
            Map.entry(key("shop/models/a.sql"), "shop"),
            Map.entry(key("shop/models/schema.yml"), "shop"),
            Map.entry(key("shop/macros/m.sql"), "shop"),
            Map.entry(key("shop/data/s.csv"), "shop"),
            // The glob's files inside the project belong to it too: the parser must not read them
            // as plain SQL.
            Map.entry(key("shop/analyses/x.sql"), "shop"));
    ChangeEvent seed =
        events.stream().filter(e -> e.path().endsWith("s.csv")).findFirst().orElseThrow();
    assertThat(seed.content()).isEqualTo("id,name\n");
    assertThat(seed.sha256()).isEqualTo(sha("id,name\n"));
    assertThat(seed.size()).isEqualTo("id,name\n".length());
  }

  @Test
  void shouldNameTheWatchedRootAsTheProjectWhenItHoldsDbtProjectYml() {
    fx.write("dbt_project.yml", "name: root\n");
    fx.write("models/a.sql", "select 1");
    fx.write("models/sources.yml", "version: 2\n");

    try (WatcherService service = fx.service()) {
      service.reconcile();
    }

    assertThat(projects(fx.changes().eventsToEnd()))
        .containsOnly(
            Map.entry(key("dbt_project.yml"), ChangeEvent.ROOT_PROJECT),
            Map.entry(key("models/a.sql"), ChangeEvent.ROOT_PROJECT),
            Map.entry(key("models/sources.yml"), ChangeEvent.ROOT_PROJECT));
  }

  @Test
  void shouldPublishNothingForASeedEditBelowItsHeaderAndDeleteWithTheProject() throws IOException {
    writeProject();
    WatcherService service = fx.service();
    service.start();
    TopicReader changes = fx.changes();
    int start = changes.eventsToEnd().size();

    fx.write("shop/data/s.csv", SEED + "3,c\n");
    fx.write("shop/models/schema.yml", "version: 2\nmodels: []\n");
    eventually()
        .untilAsserted(
            () ->
                assertThat(since(changes, start))
                    .extracting(ChangeEvent::key, ChangeEvent::kind, ChangeEvent::dbtProject)
                    .containsExactly(
                        tuple(key("shop/models/schema.yml"), ChangeKind.UPSERT, "shop")));

    Files.delete(fx.root.resolve("shop/macros/m.sql"));
    eventually()
        .untilAsserted(
            () ->
                assertThat(since(changes, start + 1))
                    .extracting(ChangeEvent::key, ChangeEvent::kind, ChangeEvent::dbtProject)
                    .containsExactly(tuple(key("shop/macros/m.sql"), ChangeKind.DELETE, "shop")));
    assertThat(service.expected()).containsEntry(key("shop/data/s.csv"), sha("id,name\n"));
  }

  @Test
  void shouldMoveTheProjectsFilesOutOfItWhenDbtProjectYmlIsRemoved() throws IOException {
    writeProject();
    WatcherService service = fx.service();
    service.start();
    TopicReader changes = fx.changes();
    int start = changes.eventsToEnd().size();

    Files.delete(fx.root.resolve("shop/dbt_project.yml"));

    eventually()
        .untilAsserted(
            () ->
                assertThat(since(changes, start))
                    .extracting(ChangeEvent::key, ChangeEvent::kind, ChangeEvent::dbtProject)
                    .containsExactlyInAnyOrder(
                        tuple(key("shop/dbt_project.yml"), ChangeKind.DELETE, "shop"),
                        tuple(key("shop/profiles.yml"), ChangeKind.DELETE, "shop"),
                        tuple(key("shop/models/schema.yml"), ChangeKind.DELETE, "shop"),
                        tuple(key("shop/data/s.csv"), ChangeKind.DELETE, "shop"),
                        // The glob's files stay, as plain SQL now: their project forgets them
                        // first.
                        tuple(key("shop/models/a.sql"), ChangeKind.DELETE, "shop"),
                        tuple(key("shop/models/a.sql"), ChangeKind.UPSERT, null),
                        tuple(key("shop/macros/m.sql"), ChangeKind.DELETE, "shop"),
                        tuple(key("shop/macros/m.sql"), ChangeKind.UPSERT, null),
                        tuple(key("shop/analyses/x.sql"), ChangeKind.DELETE, "shop"),
                        tuple(key("shop/analyses/x.sql"), ChangeKind.UPSERT, null)));
    List<ChangeEvent> after = since(changes, start);
    assertThat(
            after.stream()
                .filter(e -> e.key().equals(key("shop/models/a.sql")))
                .map(ChangeEvent::kind))
        .as("the leave before the plain upsert")
        .containsExactly(ChangeKind.DELETE, ChangeKind.UPSERT);
    eventually()
        .untilAsserted(
            () ->
                assertThat(service.expected())
                    .containsOnlyKeys(
                        key("plain.sql"),
                        key("shop/models/a.sql"),
                        key("shop/macros/m.sql"),
                        key("shop/analyses/x.sql")));
  }

  @Test
  void shouldRepublishTheFilesOfADirectoryThatBecomesAProject() {
    fx.write("shop/models/a.sql", "select 1");
    WatcherService service = fx.service();
    service.start();
    TopicReader changes = fx.changes();
    int start = changes.eventsToEnd().size();

    fx.write("shop/dbt_project.yml", PROJECT);

    eventually()
        .untilAsserted(
            () ->
                assertThat(since(changes, start))
                    .extracting(ChangeEvent::key, ChangeEvent::kind, ChangeEvent::dbtProject)
                    .containsExactlyInAnyOrder(
                        tuple(key("shop/dbt_project.yml"), ChangeKind.UPSERT, "shop"),
                        tuple(key("shop/models/a.sql"), ChangeKind.UPSERT, "shop")));
  }
}
