package io.github.lineage.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeEventTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  /** A change event exactly as a watcher wrote it before the dbt project field existed. */
  private static final String OLD_EVENT =
      """
      {"schemaVersion":1,"source":"wh","path":"models/a.sql","kind":"UPSERT","sha256":"abc","size":8,\
      "modifiedAt":"2026-01-01T00:00:00Z","content":"select 1","observedAt":"2026-01-01T00:00:00Z"}""";

  @Test
  void shouldDecodeAnEventWrittenBeforeTheDbtProjectFieldAsAPlainFile() {
    ChangeEvent event =
        Topics.CHANGE_EVENT_SERDE.fromBytes(OLD_EVENT.getBytes(StandardCharsets.UTF_8));

    assertThat(event.dbtProject()).isNull();
    assertThat(event.inDbtProject()).isFalse();
    assertThat(event.content()).isEqualTo("select 1");
    assertThat(event.key()).isEqualTo("wh:models/a.sql");
  }

  @Test
  void shouldWriteAPlainEventWithoutTheDbtProjectField() {
    ChangeEvent event = ChangeEvent.upsert("wh", "models/a.sql", "abc", 8, T, "select 1", T);

    String json = new String(Topics.CHANGE_EVENT_SERDE.toBytes(event), StandardCharsets.UTF_8);

    assertThat(json).doesNotContain("dbtProject").isEqualTo(OLD_EVENT);
  }

  @Test
  void shouldCarryTheDbtProjectThroughJsonAndNameThePathInsideIt() {
    ChangeEvent event =
        ChangeEvent.upsert("wh", "shop/models/a.sql", "abc", 8, T, "select 1", T)
            .withDbtProject("shop");

    ChangeEvent back =
        Topics.CHANGE_EVENT_SERDE.fromBytes(Topics.CHANGE_EVENT_SERDE.toBytes(event));

    assertThat(back).isEqualTo(event);
    assertThat(back.dbtProjectKey()).isEqualTo("wh:shop");
    assertThat(back.pathInDbtProject()).isEqualTo("models/a.sql");
    assertThat(
            ChangeEvent.delete("wh", "models/a.sql", T)
                .withDbtProject(ChangeEvent.ROOT_PROJECT)
                .pathInDbtProject())
        .isEqualTo("models/a.sql");
  }

  @Test
  void shouldRefuseAProjectThatDoesNotContainTheFile() {
    assertThatThrownBy(() -> ChangeEvent.delete("wh", "other/a.sql", T).withDbtProject("shop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shop");
    assertThatThrownBy(() -> ChangeEvent.delete("wh", "shopping/a.sql", T).withDbtProject("shop"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
