package io.github.lineage.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementKindsTest {

  private static final String FILE =
      "-- header\nINSERT INTO a SELECT 1;\n  (select 1)\nmerge into t using s on 1=1;\nFROBNICATE x;\n";

  @Test
  void shouldNameTheFirstKeywordOfTheStatementsLine() {
    assertThat(StatementKinds.at(FILE, 2)).isEqualTo("insert");
    assertThat(StatementKinds.at(FILE, 3)).isEqualTo("select");
    assertThat(StatementKinds.at(FILE, 4)).isEqualTo("merge");
  }

  @Test
  void shouldKeepTheTagBoundedForAnythingElse() {
    assertThat(StatementKinds.at(FILE, 5)).isEqualTo(StatementKinds.OTHER);
    assertThat(StatementKinds.at(FILE, 1)).isEqualTo(StatementKinds.OTHER);
    assertThat(StatementKinds.at(FILE, 99)).isEqualTo(StatementKinds.OTHER);
    assertThat(StatementKinds.at(null, 1)).isEqualTo(StatementKinds.OTHER);
  }
}
