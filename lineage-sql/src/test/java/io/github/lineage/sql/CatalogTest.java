package io.github.lineage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {

  @Test
  void shouldReadThroughToTheCatalogItStartedFromAndLetAFileOverrideIt() {
    Catalog corpus = Catalog.of(Map.of("raw.a", List.of("x"), "raw.b", List.of("y")));

    Catalog.Builder file = corpus.toBuilder();
    file.add("RAW.B", List.of("Z"));
    file.add("mart.c", List.of("q"));

    assertThat(file.columns("raw.a")).contains(List.of("x"));
    assertThat(file.columns("raw.b")).contains(List.of("z"));
    assertThat(file.added()).containsOnlyKeys("raw.b", "mart.c");
    assertThat(file.build().asMap())
        .containsEntry("raw.a", List.of("x"))
        .containsEntry("raw.b", List.of("z"))
        .containsEntry("mart.c", List.of("q"));
    assertThat(corpus.columns("raw.b"))
        .as("the corpus catalog is unchanged")
        .contains(List.of("y"));
    assertThat(corpus.toBuilder().build().asMap()).isEqualTo(corpus.asMap());
  }
}
