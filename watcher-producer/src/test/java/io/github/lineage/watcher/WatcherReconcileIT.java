package io.github.lineage.watcher;

import static io.github.lineage.watcher.WatcherFixture.key;
import static io.github.lineage.watcher.WatcherFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.Json;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ChangeKind;
import io.github.lineage.core.model.ContentHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up scan against a real broker: what is published, what is not, and what is kept. */
class WatcherReconcileIT {

  @TempDir Path temp;
  WatcherFixture fx;

  @BeforeEach
  void setUp() {
    fx = new WatcherFixture(temp, 3);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void shouldPublishEverySqlFileAtStartAndIgnoreOthers() {
    fx.write("a.sql", "select 1");
    fx.write("sub/deeper/B.SQL", "insert into t select * from s");
    fx.write("notes.txt", "not sql");
    fx.write(".git/hooks/x.sql", "select 'hidden dir'");
    fx.write("sub/.scratch.sql", "select 'hidden file'");

    ReconcileResult result;
    try (WatcherService service = fx.service()) {
      result = service.reconcile();
    }

    assertThat(result.expected())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                key("a.sql"), sha("select 1"),
                key("sub/deeper/B.SQL"), sha("insert into t select * from s")));
    assertThat(result.upserts()).isEqualTo(2);
    List<ChangeEvent> events = fx.changes().eventsToEnd();
    assertThat(events)
        .extracting(ChangeEvent::key, ChangeEvent::kind, ChangeEvent::content)
        .containsExactlyInAnyOrder(
            tuple(key("a.sql"), ChangeKind.UPSERT, "select 1"),
            tuple(key("sub/deeper/B.SQL"), ChangeKind.UPSERT, "insert into t select * from s"));
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.source()).isEqualTo(WatcherFixture.SOURCE);
              assertThat(e.sha256()).isEqualTo(sha(e.content()));
              assertThat(e.size()).isEqualTo(e.content().getBytes(StandardCharsets.UTF_8).length);
              assertThat(e.modifiedAt()).isNotNull();
              assertThat(e.schemaVersion()).isEqualTo(ChangeEvent.SCHEMA_VERSION);
            });
    assertThat(
            fx.registry
                .counter(
                    MetricNames.FILES_PROCESSED, MetricNames.TAG_STAGE, MetricNames.STAGE_WATCHER)
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void shouldPublishExactlyTheMissingUpsertsAndDeletesAfterRestart() throws IOException {
    fx.write("keep.sql", "select 1");
    fx.write("change.sql", "select 2");
    fx.write("remove.sql", "select 3");
    fx.write("dir/gone/one.sql", "select 4");
    try (WatcherService service = fx.service()) {
      assertThat(service.reconcile().upserts()).isEqualTo(4);
    }
    TopicReader changes = fx.changes();
    int before = changes.readToEnd().size();

    // While the watcher is down:
    fx.write("change.sql", "select 22");
    Files.delete(fx.root.resolve("remove.sql"));
    Files.delete(fx.root.resolve("dir/gone/one.sql"));
    Files.delete(fx.root.resolve("dir/gone"));
    fx.write("new.sql", "select 5");

    ReconcileResult result;
    try (WatcherService service = fx.service()) {
      result = service.reconcile();
    }

    assertThat(result.upserts()).isEqualTo(2);
    assertThat(result.deletes()).isEqualTo(2);
    assertThat(result.unchanged()).isEqualTo(1);
    List<ChangeEvent> events = changes.eventsToEnd();
    assertThat(events.subList(before, events.size()))
        .extracting(ChangeEvent::key, ChangeEvent::kind, ChangeEvent::sha256)
        .containsExactlyInAnyOrder(
            tuple(key("change.sql"), ChangeKind.UPSERT, sha("select 22")),
            tuple(key("new.sql"), ChangeKind.UPSERT, sha("select 5")),
            tuple(key("remove.sql"), ChangeKind.DELETE, null),
            tuple(key("dir/gone/one.sql"), ChangeKind.DELETE, null));
    assertThat(result.expected()).isEqualTo(fx.sqlFilesOnDisk());
  }

  /**
   * The window a kill -9 can hit: the broker acknowledged a pass's sends, the state was not yet
   * persisted. A file created then and deleted before the restart must still be deleted, and one
   * reverted to its recorded version must be sent again.
   */
  @Test
  void shouldResendWhatAPassKilledBeforeItsStateWasPersistedHadSent() throws IOException {
    fx.write("reverted.sql", "select 1");
    fx.write("stays.sql", "select 2");
    try (WatcherService service = fx.service()) {
      assertThat(service.reconcile().upserts()).isEqualTo(2);
    }
    TopicReader changes = fx.changes();
    int before = changes.readToEnd().size();
    // The killed pass: announced, sent and acknowledged, never recorded.
    PublishedState.load(
            fx.config().stateDir(), fx.kafka.topics().fileChanges(), WatcherFixture.SOURCE)
        .intend(List.of(key("reverted.sql"), key("short-lived.sql")));
    try (Publisher publisher = new Publisher(fx.kafka, "killed-pass", 1 << 20, Map.of())) {
      publisher.send(upsert("reverted.sql", "select 1 -- edited"));
      publisher.send(upsert("short-lived.sql", "select 3"));
      publisher.flush();
    }
    // While the watcher is down, the edit is undone and the new file removed.

    ReconcileResult result;
    try (WatcherService service = fx.service()) {
      result = service.reconcile();
    }

    List<ChangeEvent> events = changes.eventsToEnd();
    assertThat(events.subList(before + 2, events.size()))
        .extracting(ChangeEvent::key, ChangeEvent::kind, ChangeEvent::sha256)
        .containsExactlyInAnyOrder(
            tuple(key("reverted.sql"), ChangeKind.UPSERT, sha("select 1")),
            tuple(key("short-lived.sql"), ChangeKind.DELETE, null));
    assertThat(WatcherFixture.replay(events)).isEqualTo(fx.sqlFilesOnDisk());
    assertThat(result.expected()).isEqualTo(fx.sqlFilesOnDisk());
    try (WatcherService service = fx.service()) {
      assertThat(service.reconcile().upserts()).as("settled: nothing more to send").isZero();
    }
  }

  private static ChangeEvent upsert(String rel, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return ChangeEvent.upsert(
        WatcherFixture.SOURCE,
        rel,
        sha(content),
        bytes.length,
        java.time.Instant.now(),
        content,
        java.time.Instant.now());
  }

  @Test
  void shouldDeadLetterTooLargeBinaryAndInvalidUtf8FilesAndPublishTheRest() throws IOException {
    fx.env.put(WatcherConfig.ENV_MAX_FILE_BYTES, "100");
    fx.write("good.sql", "select 'ok'");
    fx.write("big.sql", "x".repeat(101));
    fx.write("exactly.sql", "y".repeat(100));
    fx.write("binary.sql", new byte[] {'s', 'e', 'l', 0, 1, 2});
    fx.write("latin1.sql", "select 'caf\u00e9'".getBytes(StandardCharsets.ISO_8859_1));

    ReconcileResult result;
    try (WatcherService service = fx.service()) {
      result = service.reconcile();
    }

    assertThat(result.rejected()).isEqualTo(3);
    assertThat(result.expected()).containsOnlyKeys(key("good.sql"), key("exactly.sql"));
    assertThat(fx.changes().eventsToEnd())
        .extracting(ChangeEvent::key)
        .containsExactlyInAnyOrder(key("good.sql"), key("exactly.sql"));

    List<ConsumerRecord<String, byte[]>> letters = fx.dlq().readToEnd();
    assertThat(letters)
        .extracting(
            r -> r.key(), r -> header(r, DeadLetter.H_REASON), r -> header(r, DeadLetter.H_STAGE))
        .containsExactlyInAnyOrder(
            tuple(key("big.sql"), "too_large", "WATCHER"),
            tuple(key("binary.sql"), "binary", "WATCHER"),
            tuple(key("latin1.sql"), "invalid_utf8", "WATCHER"));
    for (ConsumerRecord<String, byte[]> letter : letters) {
      JsonNode description = Json.MAPPER.readTree(letter.value());
      String rel = description.get("path").asText();
      byte[] bytes = Files.readAllBytes(fx.root.resolve(rel));
      assertThat(description.get("source").asText()).isEqualTo(WatcherFixture.SOURCE);
      assertThat(description.get("size").asLong()).isEqualTo(bytes.length);
      assertThat(description.get("sha256").asText()).isEqualTo(ContentHash.sha256(bytes));
      assertThat(description.has("content")).isFalse();
      assertThat(header(letter, DeadLetter.H_ERROR_MESSAGE)).isNotBlank();
    }
    for (String reason : List.of("too_large", "binary", "invalid_utf8")) {
      assertThat(
              fx.registry
                  .counter(
                      MetricNames.FILES_FAILED,
                      MetricNames.TAG_STAGE,
                      MetricNames.STAGE_WATCHER,
                      MetricNames.TAG_REASON,
                      reason)
                  .count())
          .as(reason)
          .isEqualTo(1.0);
    }

    // The same bad bytes are not dead-lettered again by the next start.
    try (WatcherService service = fx.service()) {
      assertThat(service.reconcile().rejected()).isZero();
    }
    assertThat(fx.dlq().readToEnd()).hasSize(3);
  }

  @Test
  void shouldDeadLetterAFileTheBrokerRefusesAsTooLargeAndPublishTheRest() throws Exception {
    // The topic was made by hand with Kafka's default 1 MiB limit, and this watcher may not raise
    // it.
    // The file is under MAX_FILE_BYTES (10 MiB) but over that limit even compressed: random hex has
    // no repeats for lz4 to find.
    lowerMessageLimit(fx.kafka.topics().fileChanges(), 1024 * 1024);
    java.util.Random random = new java.util.Random(42);
    StringBuilder huge = new StringBuilder("select '");
    while (huge.length() < 3 * 1024 * 1024) {
      huge.append(Long.toHexString(random.nextLong()));
    }
    huge.append("'");
    fx.write("huge.sql", huge.toString());
    fx.write("small.sql", "select 1");

    ReconcileResult result;
    try (WatcherService service = fx.service()) {
      result = service.reconcile();
    }

    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.failed()).isZero();
    assertThat(result.expected()).containsOnlyKeys(key("small.sql"));
    assertThat(fx.changes().eventsToEnd())
        .extracting(ChangeEvent::key)
        .containsExactly(key("small.sql"));
    assertThat(fx.dlq().readToEnd())
        .extracting(r -> r.key(), r -> header(r, DeadLetter.H_REASON))
        .containsExactly(tuple(key("huge.sql"), "too_large"));
  }

  @Test
  void shouldKeepTheLastGoodVersionWhenAPublishedFileTurnsBad() {
    fx.write("model.sql", "select 1");
    try (WatcherService service = fx.service()) {
      service.reconcile();
    }
    fx.write("model.sql", new byte[] {'s', 0});

    ReconcileResult result;
    try (WatcherService service = fx.service()) {
      result = service.reconcile();
    }

    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.deletes()).isZero();
    assertThat(result.expected())
        .containsExactlyEntriesOf(Map.of(key("model.sql"), sha("select 1")));
    assertThat(fx.changes().eventsToEnd())
        .extracting(ChangeEvent::kind)
        .containsExactly(ChangeKind.UPSERT);
    assertThat(fx.dlq().readToEnd()).hasSize(1);

    // Fixed again: published again.
    fx.write("model.sql", "select 2");
    try (WatcherService service = fx.service()) {
      assertThat(service.reconcile().expected()).containsEntry(key("model.sql"), sha("select 2"));
    }
  }

  @Test
  void shouldNotFollowSymlinksOutsideTheRoot() throws IOException {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.sql"), "select 'secret'");
    Files.createSymbolicLink(fx.root.resolve("link.sql"), outside.resolve("secret.sql"));
    Files.createSymbolicLink(fx.root.resolve("linkdir"), outside);
    fx.write("real.sql", "select 'real'");
    Files.createSymbolicLink(fx.root.resolve("alias.sql"), fx.root.resolve("real.sql"));
    Files.createSymbolicLink(fx.root.resolve("dangling.sql"), fx.root.resolve("nowhere.sql"));

    ReconcileResult result;
    try (WatcherService service = fx.service()) {
      result = service.reconcile();
    }

    assertThat(result.expected())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                key("real.sql"), sha("select 'real'"),
                key("alias.sql"), sha("select 'real'")));
    assertThat(fx.changes().eventsToEnd())
        .extracting(ChangeEvent::content)
        .doesNotContain("select 'secret'");
  }

  @Test
  void shouldNotRecordFilesAsPublishedWhenKafkaDoesNotAcknowledge() throws IOException {
    fx.write("a.sql", "select 1");
    fx.write("b.sql", "select 2");
    Map<String, Object> deadBroker =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 300,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 300,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600);

    ReconcileResult failed;
    try (WatcherService service = fx.service(deadBroker)) {
      failed = service.reconcile();
    }

    assertThat(failed.failed()).isEqualTo(2);
    assertThat(failed.expected()).isEmpty();
    try (WatcherService service = fx.service()) {
      ReconcileResult retried = service.reconcile();
      assertThat(retried.upserts()).isEqualTo(2);
      assertThat(retried.expected()).isEqualTo(fx.sqlFilesOnDisk());
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void lowerMessageLimit(String topic, int bytes) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      AlterConfigOp lower =
          new AlterConfigOp(
              new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)),
              AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(resource, List.of(lower))).all().get();
    }
  }
}
