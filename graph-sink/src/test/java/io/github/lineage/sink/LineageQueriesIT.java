package io.github.lineage.sink;

import static io.github.lineage.sink.Docs.col;
import static io.github.lineage.sink.Docs.doc;
import static io.github.lineage.sink.Docs.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read side over a small graph: raw.s -> stg.t -> mart.m (two files), and a cycle m -> stg.t.
 */
class LineageQueriesIT {

  @RegisterExtension static final Neo4jFixture neo4j = new Neo4jFixture();
  private static LineageQueries queries;

  @BeforeAll
  static void buildGraph() {
    new GraphWriter(neo4j.driver(), new SinkMetrics(new SimpleMeterRegistry()))
        .writeBatched(
            List.of(
                Docs.upsert(
                    doc(
                        "r:stg.sql",
                        "sha-1",
                        insert(List.of("raw.s"), List.of("stg.t"), col("stg.t.a", "raw.s.a")))),
                Docs.upsert(
                    doc(
                        "r:mart.sql",
                        "sha-2",
                        insert(List.of("stg.t"), List.of("mart.m"), col("mart.m.x", "stg.t.a")))),
                Docs.upsert(
                    doc("r:mart2.sql", "sha-3", insert(List.of("stg.t"), List.of("mart.m")))),
                Docs.upsert(
                    doc("r:back.sql", "sha-4", insert(List.of("mart.m"), List.of("stg.t"))))));
    queries = new LineageQueries(neo4j.driver());
  }

  @Test
  void shouldListUpstreamTablesWithDistanceAndFilesOnce() {
    assertThat(queries.upstream("mart.m", 5))
        .containsExactly(
            new LineageHop("stg.t", 1, List.of("mart.m"), List.of("r:mart.sql", "r:mart2.sql")),
            new LineageHop("raw.s", 2, List.of("stg.t"), List.of("r:stg.sql")));
    assertThat(queries.upstream("mart.m", 1)).extracting(LineageHop::name).containsExactly("stg.t");
  }

  @Test
  void shouldListDownstreamTables() {
    assertThat(queries.downstream("raw.s", 20))
        .containsExactly(
            new LineageHop("stg.t", 1, List.of("raw.s"), List.of("r:stg.sql")),
            new LineageHop("mart.m", 2, List.of("stg.t"), List.of("r:mart.sql", "r:mart2.sql")));
    assertThat(queries.downstream("nope", 3)).isEmpty();
  }

  @Test
  void shouldFollowColumnsFromAColumnOrFromEveryColumnOfATable() {
    assertThat(queries.upstreamColumns("mart.m.x", 5))
        .extracting(h -> h.name() + "@" + h.distance())
        .containsExactly("stg.t.a@1", "raw.s.a@2");
    assertThat(queries.downstreamColumns("raw.s", 5))
        .extracting(h -> h.name() + "@" + h.distance())
        .containsExactly("stg.t.a@1", "mart.m.x@2");
  }

  @Test
  void shouldNameReadersAndWritersShasAndCounts() {
    assertThat(queries.files("stg.t"))
        .isEqualTo(
            new TableFiles(
                "stg.t", List.of("r:mart.sql", "r:mart2.sql"), List.of("r:back.sql", "r:stg.sql")));
    assertThat(queries.fileShas())
        .isEqualTo(
            Map.of(
                "r:stg.sql",
                "sha-1",
                "r:mart.sql",
                "sha-2",
                "r:mart2.sql",
                "sha-3",
                "r:back.sql",
                "sha-4"));
    GraphCounts counts = queries.graphCounts();
    assertThat(counts.nodes()).isEqualTo(Map.of("File", 4L, "Table", 3L, "Column", 3L));
    assertThat(counts.relationships("FEEDS")).isEqualTo(4);
    assertThat(counts.relationships("DERIVES")).isEqualTo(2);
    assertThat(counts.relationships("HAS_COLUMN")).isEqualTo(3);
  }

  @Test
  void shouldRejectDepthOutsideItsBounds() {
    assertThatThrownBy(() -> queries.upstream("mart.m", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queries.upstream("mart.m", 21))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
