package io.github.lineage.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedStateTest {

  @TempDir Path dir;

  @Test
  void shouldRoundTripPublishedAndRejectedShas() throws IOException {
    PublishedState state = PublishedState.load(dir, "topic", "src");
    state.markPublished("src:a.sql", "aaa");
    state.markPublished("src:b.sql", "bbb");
    state.markRejected("src:c.sql", "ccc");
    state.markDeleted("src:b.sql");
    state.persist();

    PublishedState loaded = PublishedState.load(dir, "topic", "src");

    assertThat(loaded.snapshot()).isEqualTo(Map.of("src:a.sql", "aaa"));
    assertThat(loaded.rejected("src:c.sql")).contains("ccc");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files)
          .as("no temp file left behind")
          .containsExactly(PublishedState.fileFor(dir, "src"));
    }
  }

  @Test
  void shouldWriteNothingBeforePersist() {
    PublishedState state = PublishedState.load(dir, "topic", "src");
    state.markPublished("src:a.sql", "aaa");

    assertThat(PublishedState.load(dir, "topic", "src").snapshot()).isEmpty();
  }

  @Test
  void shouldStartAfreshForAnotherTopic() throws IOException {
    PublishedState state = PublishedState.load(dir, "topic", "src");
    state.markPublished("src:a.sql", "aaa");
    state.persist();

    assertThat(PublishedState.load(dir, "other-topic", "src").snapshot()).isEmpty();
  }

  @Test
  void shouldStartAfreshFromACorruptFileRatherThanFail() throws IOException {
    Files.writeString(PublishedState.fileFor(dir, "src"), "{ not json");

    PublishedState state = PublishedState.load(dir, "topic", "src");

    assertThat(state.snapshot()).isEmpty();
    state.markPublished("src:a.sql", "aaa");
    state.persist();
    assertThat(PublishedState.load(dir, "topic", "src").snapshot())
        .containsEntry("src:a.sql", "aaa");
  }

  @Test
  void shouldNotWriteOnceDisabled() throws IOException {
    PublishedState state = PublishedState.load(dir, "topic", "src");
    state.disablePersistence();
    state.markPublished("src:a.sql", "aaa");
    state.persist();

    assertThat(Files.exists(PublishedState.fileFor(dir, "src"))).isFalse();
  }

  @Test
  void shouldRememberTheDbtProjectOfAPublishedFileUntilItIsDeleted() throws IOException {
    PublishedState state = PublishedState.load(dir, "topic", "src");
    state.markPublished("src:shop/models/a.sql", "aaa", "shop");
    state.markPublished("src:shop/models/b.sql", "bbb", "shop");
    state.markPublished("src:plain.sql", "ccc");
    state.markDeleted("src:shop/models/b.sql");
    state.persist();

    PublishedState loaded = PublishedState.load(dir, "topic", "src");

    assertThat(loaded.project("src:shop/models/a.sql")).contains("shop");
    assertThat(loaded.project("src:shop/models/b.sql")).isEmpty();
    assertThat(loaded.project("src:plain.sql")).isEmpty();
    loaded.markPublished("src:shop/models/a.sql", "aaa", null);
    assertThat(loaded.project("src:shop/models/a.sql")).as("left its project").isEmpty();
  }

  @Test
  void shouldReadAStateFileWrittenBeforeProjectsWereRecorded() throws IOException {
    Files.writeString(
        PublishedState.fileFor(dir, "src"),
        "{\"version\":1,\"topic\":\"topic\",\"source\":\"src\",\"published\":{\"src:a.sql\":\"aaa\"},\"rejected\":{}}");

    PublishedState state = PublishedState.load(dir, "topic", "src");

    assertThat(state.snapshot()).isEqualTo(Map.of("src:a.sql", "aaa"));
    assertThat(state.project("src:a.sql")).isEmpty();
  }

  @Test
  void shouldPutTheKeysOfAPassCutShortInDoubtAtTheNextLoad() throws IOException {
    PublishedState state = PublishedState.load(dir, "topic", "src");
    state.markPublished("src:a.sql", "aaa");
    state.markPublished("src:b.sql", "bbb");
    state.persist();
    // A pass announces a.sql and a new file, the broker acknowledges, the process dies.
    state.intend(List.of("src:a.sql", "src:new.sql"));
    state.markPublished("src:a.sql", "a2");
    state.markPublished("src:new.sql", "nnn");

    PublishedState loaded = PublishedState.load(dir, "topic", "src");

    assertThat(loaded.published("src:a.sql")).contains(PublishedState.IN_DOUBT);
    assertThat(loaded.published("src:new.sql"))
        .as("a key the topic may hold although the state never recorded it")
        .contains(PublishedState.IN_DOUBT);
    assertThat(loaded.published("src:b.sql")).contains("bbb");
    assertThat(loaded.snapshot())
        .as("keys in doubt are not expected")
        .containsOnlyKeys("src:b.sql");
  }

  @Test
  void shouldSettleTheIntentWithTheNextPersist() throws IOException {
    PublishedState state = PublishedState.load(dir, "topic", "src");
    state.intend(List.of("src:a.sql"));
    assertThat(PublishedState.intentFileFor(PublishedState.fileFor(dir, "src"))).exists();
    state.markPublished("src:a.sql", "aaa");
    state.persist();

    assertThat(PublishedState.intentFileFor(PublishedState.fileFor(dir, "src"))).doesNotExist();
    assertThat(PublishedState.load(dir, "topic", "src").published("src:a.sql")).contains("aaa");
  }

  @Test
  void shouldKeepAKeyInDoubtAcrossRestartsUntilItIsSentAgain() throws IOException {
    PublishedState state = PublishedState.load(dir, "topic", "src");
    state.intend(List.of("src:a.sql"));
    state.markInDoubt("src:a.sql");
    state.persist();

    PublishedState loaded = PublishedState.load(dir, "topic", "src");

    assertThat(loaded.published("src:a.sql")).contains(PublishedState.IN_DOUBT);
    assertThat(loaded.snapshot()).isEmpty();
  }

  @Test
  void shouldAddToTheIntentOfAnUnsettledPassRatherThanReplaceIt() throws IOException {
    PublishedState state = PublishedState.load(dir, "topic", "src");
    state.intend(List.of("src:a.sql"));
    state.intend(List.of("src:b.sql"));

    PublishedState loaded = PublishedState.load(dir, "topic", "src");

    assertThat(loaded.published("src:a.sql")).contains(PublishedState.IN_DOUBT);
    assertThat(loaded.published("src:b.sql")).contains(PublishedState.IN_DOUBT);
  }

  @Test
  void shouldPutEveryPublishedKeyInDoubtWhenTheIntentIsUnreadable() throws IOException {
    PublishedState state = PublishedState.load(dir, "topic", "src");
    state.markPublished("src:a.sql", "aaa");
    state.persist();
    Files.writeString(PublishedState.intentFileFor(PublishedState.fileFor(dir, "src")), "{ torn");

    PublishedState loaded = PublishedState.load(dir, "topic", "src");

    assertThat(loaded.published("src:a.sql")).contains(PublishedState.IN_DOUBT);
    loaded.markPublished("src:a.sql", "aaa");
    loaded.persist();
    assertThat(PublishedState.intentFileFor(PublishedState.fileFor(dir, "src"))).doesNotExist();
  }
}
