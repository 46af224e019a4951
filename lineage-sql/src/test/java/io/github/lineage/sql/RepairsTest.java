package io.github.lineage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The rewrites of constructs JSqlParser rejects: exact output, and no rewrite where none applies.
 */
class RepairsTest {

  @Test
  void shouldRebuildACreateTableWithoutItsOptionsKeepingNamesAndQuery() {
    assertThat(
            Repairs.createRebuilt(
                "CREATE EXTERNAL TABLE IF NOT EXISTS s.t (`user` STRING COMMENT 'u', m MAP<STRING, INT>, PRIMARY KEY (x))"
                    + " ROW FORMAT SERDE 'x' STORED AS ORC LOCATION 's3://b/' TBLPROPERTIES ('a' = 'b') AS SELECT 1 AS a"))
        .isEqualTo("CREATE TABLE s.t (`user` VARCHAR, m VARCHAR) AS SELECT 1 AS a");
    assertThat(Repairs.createRebuilt("CREATE TABLE t1 SELECT * FROM t2"))
        .isEqualTo("CREATE TABLE t1 AS SELECT * FROM t2");
    assertThat(
            Repairs.createRebuilt("CREATE OR REPLACE SECURE VIEW v COPY GRANTS AS SELECT a FROM s"))
        .isEqualTo("CREATE VIEW v AS SELECT a FROM s");
    assertThat(Repairs.createRebuilt("CREATE FUNCTION f() RETURNS INT AS 'select 1'")).isNull();
    assertThat(Repairs.createRebuilt("CREATE VIEW v")).isNull();
  }

  @Test
  void shouldSpellCompoundAssignmentsOut() {
    assertThat(
            Repairs.compoundAssignments(
                "UPDATE t SET a.b += x * 2, c -= (SELECT 1) FROM t a WHERE k = 1"))
        .isEqualTo("UPDATE t SET a.b = a.b + (x * 2), c = c - ((SELECT 1)) FROM t a WHERE k = 1");
    assertThat(Repairs.compoundAssignments("SELECT a FROM t WHERE a >= 1 AND b != 2")).isNull();
  }

  @Test
  void shouldAddTheAsOfCtesWithoutIt() {
    assertThat(
            Repairs.ctesWithoutAs(
                "WITH a (SELECT 1), b AS (SELECT 2), c (SELECT 3) SELECT * FROM a"))
        .isEqualTo("WITH a AS (SELECT 1), b AS (SELECT 2), c AS (SELECT 3) SELECT * FROM a");
    assertThat(Repairs.ctesWithoutAs("WITH a (x, y) AS (SELECT 1, 2) SELECT * FROM a")).isNull();
    assertThat(Repairs.ctesWithoutAs("SELECT * FROM t WITH (NOLOCK)")).isNull();
  }

  @Test
  void shouldRepairMergeFormsAndPartitionSpecsAndFormatPaths() {
    assertThat(Repairs.mergeWithoutInto("MERGE t USING s ON t.k = s.k WHEN MATCHED THEN DELETE"))
        .isEqualTo("MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN DELETE");
    assertThat(Repairs.mergeWithoutInto("MERGE INTO t USING s ON 1 = 1 WHEN MATCHED THEN DELETE"))
        .isNull();
    assertThat(Repairs.mergeInsertRow("MERGE t USING s ON x WHEN NOT MATCHED THEN INSERT ROW"))
        .endsWith("THEN INSERT VALUES (ROW)");
    assertThat(
            Repairs.exchangePartitionSpec(
                "ALTER TABLE a EXCHANGE PARTITION (p = '1', q = 2) WITH TABLE b"))
        .isEqualTo("ALTER TABLE a EXCHANGE PARTITION partition_spec WITH TABLE b");
    assertThat(Repairs.fileFormatPaths("SELECT * FROM csv.`/a/b` JOIN t.`x` ON 1 = 1"))
        .isEqualTo("SELECT * FROM `csv`.`/a/b` JOIN t.`x` ON 1 = 1");
  }

  @Test
  void shouldQuoteStageReferencesAndDropTheirOptions() {
    assertThat(
            Repairs.stageReferences(
                "SELECT t.$1 FROM @db.s.stg/p/ (FILE_FORMAT => 'f', PATTERN => 'x') t"))
        .isEqualTo("SELECT t.\"$1\" FROM `@db.s.stg/p/` t");
    assertThat(Repairs.stageReferences("SELECT @x, a.$1 FROM t a"))
        .isNull(); // no stage: nothing to repair
  }

  @Test
  void shouldSayNothingAppliesToOrdinarySql() {
    assertThat(Repairs.apply("SELECT a, b FROM t WHERE c = 'x' GROUP BY a")).isNull();
  }
}
