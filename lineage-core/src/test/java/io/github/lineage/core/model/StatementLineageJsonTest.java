package io.github.lineage.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.kafka.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional indirect column edges of a statement in the document JSON. */
class StatementLineageJsonTest {

  @Test
  void shouldDecodeAStatementWrittenBeforeIndirectLineageWithNone() throws Exception {
    String old =
        "{\"index\":0,\"line\":1,\"kind\":\"INSERT\",\"sources\":[\"s\"],\"targets\":[\"t\"],"
            + "\"columns\":[{\"target\":\"t.a\",\"sources\":[\"s.a\"]}]}";
    StatementLineage st = Json.MAPPER.readValue(old, StatementLineage.class);
    assertThat(st.indirect()).isEmpty();
    assertThat(st.columns()).containsExactly(new ColumnEdge("t.a", List.of("s.a")));
  }

  @Test
  void shouldLeaveAnEmptyIndirectListOutOfTheJson() throws Exception {
    StatementLineage st =
        new StatementLineage(0, 1, "INSERT", List.of("s"), List.of("t"), List.of());
    assertThat(Json.MAPPER.writeValueAsString(st)).doesNotContain("indirect");
  }

  @Test
  void shouldRoundTripIndirectEdges() throws Exception {
    StatementLineage st =
        new StatementLineage(
            2,
            5,
            "INSERT",
            List.of("s"),
            List.of("t"),
            List.of(new ColumnEdge("t.a", List.of("s.a"))),
            List.of(new StatementLineage.Indirect("t.a", List.of("s.flag"), "FILTER")));
    String json = Json.MAPPER.writeValueAsString(st);
    assertThat(json)
        .contains(
            "\"indirect\":[{\"target\":\"t.a\",\"sources\":[\"s.flag\"],\"kind\":\"FILTER\"}]");
    assertThat(Json.MAPPER.readValue(json, StatementLineage.class)).isEqualTo(st);
  }
}
