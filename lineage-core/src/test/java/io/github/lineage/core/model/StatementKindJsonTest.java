package io.github.lineage.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.kafka.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statement kinds on the wire: the enum's names, so old documents still decode and new kinds do not
 * break readers.
 */
class StatementKindJsonTest {

  private static String statement(String kind) {
    return "{\"index\":0,\"line\":1,\"kind\":\""
        + kind
        + "\",\"sources\":[\"s\"],\"targets\":[\"t\"],\"columns\":[]}";
  }

  @Test
  void shouldDecodeEveryKindAnOlderEngineWroteAsItsEnumConstant() throws Exception {
    // the strings the engine wrote before the enum existed (lineage-sql/5 and earlier), spelled out
    // here on purpose: renaming a constant must fail this test, since it would orphan stored
    // documents
    List<String> written =
        List.of(
            "SELECT",
            "SELECT_INTO",
            "INSERT",
            "CREATE_TABLE",
            "CREATE_TABLE_AS",
            "CREATE_VIEW",
            "MERGE",
            "UPDATE",
            "DELETE",
            "TRUNCATE",
            "EXCHANGE",
            "COPY",
            "UNLOAD",
            "DROP",
            "ALTER",
            "OTHER");
    for (String kind : written) {
      StatementLineage st = Json.MAPPER.readValue(statement(kind), StatementLineage.class);
      assertThat(st.kind()).isEqualTo(kind);
      assertThat(StatementKind.of(st.kind()))
          .as(kind)
          .hasValueSatisfying(k -> assertThat(k.name()).isEqualTo(kind));
    }
    assertThat(StatementKind.values())
        .extracting(StatementKind::name)
        .containsExactlyInAnyOrderElementsOf(written);
  }

  @Test
  void shouldWriteEachKindAsItsNameAndReadItBack() throws Exception {
    for (StatementKind k : StatementKind.values()) {
      StatementLineage st =
          new StatementLineage(0, 1, k.name(), List.of("s"), List.of("t"), List.of());
      String json = Json.MAPPER.writeValueAsString(st);
      assertThat(json).isEqualTo(statement(k.name()));
      assertThat(StatementKind.of(Json.MAPPER.readValue(json, StatementLineage.class).kind()))
          .contains(k);
    }
  }

  @Test
  void shouldDecodeADocumentWithAKindThisVersionDoesNotKnow() throws Exception {
    StatementLineage st =
        Json.MAPPER.readValue(statement("REFRESH_MATERIALIZED_VIEW"), StatementLineage.class);
    assertThat(st.kind()).isEqualTo("REFRESH_MATERIALIZED_VIEW");
    assertThat(StatementKind.of(st.kind())).isEmpty();
  }
}
