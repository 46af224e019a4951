package io.github.lineage.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.kafka.Json;
import io.github.lineage.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional warnings of a lineage result and of a lineage document in their JSON. */
class WarningsJsonTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final StatementError WARNING =
      new StatementError(
          0,
          2,
          "models/a.sql:2: macro 'dbt_utils.star' is not available (package not vendored?): rendered as null");

  /** A document exactly as the parser wrote it before warnings existed. */
  private static final String OLD_DOCUMENT =
      """
      {"schemaVersion":1,"key":"wh:models/a.sql","source":"wh","path":"models/a.sql","sha256":"abc",\
      "parserVersion":"lineage-sql/5+dbt/1","modifiedAt":"2026-01-01T00:00:00Z","statements":[],\
      "errors":[{"index":0,"line":1,"message":"models/a.sql:1: unknown ref 'x'"}]}""";

  @Test
  void shouldDecodeADocumentWrittenBeforeWarningsWithNone() {
    LineageDocument d =
        Topics.DOCUMENT_SERDE.fromBytes(OLD_DOCUMENT.getBytes(StandardCharsets.UTF_8));
    assertThat(d.warnings()).isEmpty();
    assertThat(d.errors())
        .extracting(StatementError::message)
        .containsExactly("models/a.sql:1: unknown ref 'x'");
  }

  @Test
  void shouldWriteADocumentWithoutWarningsByteForByteAsBefore() {
    LineageDocument d =
        new LineageDocument(
            1,
            "wh:models/a.sql",
            "wh",
            "models/a.sql",
            "abc",
            "lineage-sql/5+dbt/1",
            T,
            List.of(),
            List.of(new StatementError(0, 1, "models/a.sql:1: unknown ref 'x'")));
    assertThat(new String(Topics.DOCUMENT_SERDE.toBytes(d), StandardCharsets.UTF_8))
        .isEqualTo(OLD_DOCUMENT);
  }

  @Test
  void shouldCarryWarningsFromTheResultIntoTheDocumentAndBack() {
    FileLineage fl = new FileLineage("models/a.sql", "abc", List.of(), List.of(), List.of(WARNING));
    ChangeEvent event = ChangeEvent.upsert("wh", "models/a.sql", "abc", 8, T, "select 1", T);
    LineageDocument d = LineageDocument.of(event, "v", fl);
    byte[] json = Topics.DOCUMENT_SERDE.toBytes(d);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .contains("\"warnings\":[{\"index\":0,\"line\":2,");
    LineageDocument back = Topics.DOCUMENT_SERDE.fromBytes(json);
    assertThat(back).isEqualTo(d);
    assertThat(back.warnings()).containsExactly(WARNING);
    assertThat(back.errorCount()).isZero();
  }

  @Test
  void shouldLeaveEmptyWarningsOutOfAResultAndDecodeAnOldResultWithNone() throws Exception {
    FileLineage fl = new FileLineage("a.sql", "abc", List.of(), List.of());
    String json = Json.MAPPER.writeValueAsString(fl);
    assertThat(json)
        .isEqualTo("{\"path\":\"a.sql\",\"sha256\":\"abc\",\"statements\":[],\"errors\":[]}");
    assertThat(Json.MAPPER.readValue(json, FileLineage.class).warnings()).isEmpty();
    FileLineage warned = new FileLineage("a.sql", "abc", List.of(), List.of(), List.of(WARNING));
    assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(warned), FileLineage.class))
        .isEqualTo(warned);
  }
}
