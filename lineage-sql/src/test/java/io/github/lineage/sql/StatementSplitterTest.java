package io.github.lineage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

  private final StatementSplitter splitter = new StatementSplitter(false);

  @Test
  void shouldSplitOnlyAtTopLevelSemicolons() {
    List<SqlChunk> chunks =
        splitter.split(
            "SELECT ';' AS a, \"x;y\", `b;c`, [d;e] FROM t -- c;\n; /* x; /* y; */ z; */ SELECT $$;$$, $q$;$q$ FROM u");
    assertThat(chunks).extracting(SqlChunk::index).containsExactly(0, 1);
    assertThat(chunks.get(1).text()).startsWith("SELECT $$;$$");
  }

  @Test
  void shouldTrackFirstSignificantLineThroughCrlfAndComments() {
    List<SqlChunk> chunks =
        splitter.split("\uFEFF-- a\r\n/* b\r\n c */\r\nSELECT 1;\rSELECT 2;\n\n  SELECT 3");
    assertThat(chunks).extracting(SqlChunk::line).containsExactly(4, 5, 7);
  }

  @Test
  void shouldDropEmptyAndCommentOnlyChunksAndKeepALastStatementWithoutSemicolon() {
    List<SqlChunk> chunks = splitter.split(";;\n-- only a comment;\n;SELECT 1; /* c */ ; SELECT 2");
    assertThat(chunks).extracting(SqlChunk::text).containsExactly("SELECT 1", "SELECT 2");
    assertThat(chunks).extracting(SqlChunk::index).containsExactly(0, 1);
  }

  @Test
  void shouldKeepAProcedureBodyInOneStatement() {
    List<SqlChunk> chunks =
        splitter.split(
            "CREATE PROCEDURE p() BEGIN IF x THEN SELECT 1; END IF; SELECT CASE WHEN a THEN 1 END FROM t; END;\nSELECT 2");
    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(1).text()).isEqualTo("SELECT 2");
  }

  @Test
  void shouldMeasureParenthesisDepthOutsideStrings() {
    assertThat(splitter.split("SELECT ((1)), '((((((' FROM t").get(0).maxDepth()).isEqualTo(2);
  }

  private final StatementSplitter tsql =
      StatementSplitter.forDialect(java.util.Optional.of(Dialect.TSQL));

  @Test
  void shouldEndATsqlStatementAtAGoLineAndDropTheGo() {
    List<SqlChunk> chunks =
        tsql.split("SELECT 1\nGO\nSELECT 2 -- x\n  go 3 -- again\nSELECT 'GO\nGO'");
    assertThat(chunks)
        .extracting(SqlChunk::text)
        .containsExactly("SELECT 1", "SELECT 2 -- x", "SELECT 'GO\nGO'");
    assertThat(chunks).extracting(SqlChunk::line).containsExactly(1, 3, 5);
  }

  @Test
  void shouldStartATsqlStatementAtAKeywordLineOnlyWhereTheStatementBeforeCanEnd() {
    List<SqlChunk> chunks =
        tsql.split(
            String.join(
                "\n",
                "INSERT INTO t",
                "SELECT a FROM s",
                "UPDATE t",
                "SET a = 1 WHERE b =",
                "SELECT MAX(b) FROM s",
                "MERGE t USING s ON t.a = s.a WHEN MATCHED THEN",
                "UPDATE SET b = s.b",
                "DELETE FROM t WHERE a IN (",
                "SELECT a FROM s)",
                "CREATE OR",
                "ALTER VIEW v AS",
                "SELECT 1"));
    assertThat(chunks)
        .extracting(c -> c.text().substring(0, c.text().indexOf(' ')))
        .containsExactly("INSERT", "UPDATE", "MERGE", "DELETE", "CREATE");
  }

  @Test
  void shouldLeaveLinesAloneOutsideTsql() {
    assertThat(splitter.split("INSERT INTO a SELECT 1\nINSERT INTO b SELECT 2\nGO")).hasSize(1);
    assertThat(
            StatementSplitter.forDialect(java.util.Optional.empty())
                .split("SELECT 1\nGO\nSELECT 2"))
        .hasSize(2);
  }
}
