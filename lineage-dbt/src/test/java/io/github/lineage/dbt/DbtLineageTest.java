package io.github.lineage.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.StatementError;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.sql.LineageEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DbtLineageTest {

  private static final LineageEngine ENGINE = LineageEngine.defaults();
  private static final String PROJECT = "name: shop\nprofile: shop\nvars:\n  min_amount: 5\n";
  private static final String PROFILES =
      "shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      schema: analytics\n      database: wh\n";
  private static final String SOURCES =
      "version: 2\nsources:\n  - name: raw\n    schema: raw_data\n    tables:\n      - name: orders\n"
          + "      - name: pays\n        identifier: payments\n  - name: lake\n    database: other_db\n    tables:\n      - name: ext\n";

  @AfterAll
  static void close() {
    ENGINE.close();
  }

  private static Map<String, String> project(String... pathsAndContents) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("dbt_project.yml", PROJECT);
    f.put("profiles.yml", PROFILES);
    f.put("models/sources.yml", SOURCES);
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      f.put(pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return f;
  }

  private static Map<String, DbtLineage.ModelLineage> run(
      Map<String, String> files, Map<String, String> env) {
    return new DbtLineage(ENGINE).extract(DbtProject.of(files, env), env);
  }

  private static Map<String, DbtLineage.ModelLineage> run(Map<String, String> files) {
    return run(files, Map.of());
  }

  private static StatementLineage only(Map<String, DbtLineage.ModelLineage> r, String path) {
    FileLineage fl = r.get(path).lineage();
    assertThat(fl.errors()).isEmpty();
    assertThat(fl.statements()).hasSize(1);
    return fl.statements().get(0);
  }

  private static List<String> edges(StatementLineage s) {
    return s.columns().stream().map(ColumnEdge::toString).toList();
  }

  @Test
  void shouldNameModelsWithTheTargetSchemaAndLeaveTheTargetDatabaseOut() {
    var r = run(project("models/a.sql", "select id from {{ source('raw', 'orders') }}"));
    StatementLineage s = only(r, "models/a.sql");
    assertThat(s.kind()).isEqualTo("CREATE_VIEW");
    assertThat(s.targets()).containsExactly("analytics.a");
    assertThat(s.sources()).containsExactly("raw_data.orders");
    assertThat(s.columns())
        .containsExactly(new ColumnEdge("analytics.a.id", List.of("raw_data.orders.id")));
  }

  @Test
  void shouldResolveSourceIdentifierAndForeignDatabase() {
    var r =
        run(
            project(
                "models/a.sql",
                "select * from {{ source('raw', 'pays') }} join {{ source('lake','ext') }} on 1=1"));
    assertThat(r.get("models/a.sql").statement())
        .contains("raw_data.payments")
        .contains("other_db.lake.ext");
    assertThat(only(r, "models/a.sql").sources())
        .containsExactlyInAnyOrder("raw_data.payments", "other_db.lake.ext");
  }

  @Test
  void shouldResolveRefWithOneAndTwoArguments() {
    var r =
        run(
            project(
                "models/a.sql", "select id from {{ source('raw', 'orders') }}",
                "models/b.sql",
                    "select a1.id from {{ ref('a') }} a1 join {{ ref('shop', 'a') }} a2 on a1.id = a2.id"));
    assertThat(only(r, "models/b.sql").sources()).containsExactly("analytics.a");
  }

  @Test
  void shouldApplyConfigMaterializedSchemaAliasAndDatabase() {
    var r =
        run(
            project(
                "models/a.sql",
                    "{{ config(materialized='table', schema='fin', alias='orders_x') }} select 1 as one",
                "models/b.sql",
                    "{{ config(materialized='incremental', database='lake') }} select one from {{ ref('a') }}",
                "models/c.sql", "{{ config(database='wh') }} select one from {{ ref('a') }}"));
    StatementLineage a = only(r, "models/a.sql");
    assertThat(a.kind()).isEqualTo("CREATE_TABLE_AS");
    assertThat(a.targets()).containsExactly("analytics_fin.orders_x");
    StatementLineage b = only(r, "models/b.sql");
    assertThat(b.kind()).isEqualTo("CREATE_TABLE_AS");
    assertThat(b.targets()).containsExactly("lake.analytics.b");
    assertThat(b.sources()).containsExactly("analytics_fin.orders_x");
    assertThat(only(r, "models/c.sql").targets()).containsExactly("analytics.c");
  }

  @Test
  void shouldTakeFolderConfigFromDbtProjectNearestWinning() {
    Map<String, String> f =
        project(
            "models/staging/s.sql", "select id from {{ source('raw', 'orders') }}",
            "models/staging/deep/d.sql", "select id from {{ ref('s') }}");
    f.put(
        "dbt_project.yml",
        PROJECT
            + "models:\n  shop:\n    +materialized: table\n    staging:\n      +schema: stg\n"
            + "      deep:\n        +schema: deeper\n        +materialized: view\n");
    var r = run(f);
    assertThat(only(r, "models/staging/s.sql").targets()).containsExactly("analytics_stg.s");
    assertThat(only(r, "models/staging/s.sql").kind()).isEqualTo("CREATE_TABLE_AS");
    assertThat(only(r, "models/staging/deep/d.sql").targets())
        .containsExactly("analytics_deeper.d");
    assertThat(only(r, "models/staging/deep/d.sql").kind()).isEqualTo("CREATE_VIEW");
  }

  @Test
  void shouldLetAProjectGenerateSchemaNameMacroOverrideDbtsDefault() {
    var r =
        run(
            project(
                "macros/schema.sql",
                "{% macro generate_schema_name(custom_schema_name, node) -%}{%- if custom_schema_name is none -%}"
                    + "{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}{%- endmacro %}",
                "models/a.sql",
                "{{ config(schema='fin') }} select 1 as one",
                "models/b.sql",
                "select one from {{ ref('a') }}"));
    assertThat(only(r, "models/a.sql").targets()).containsExactly("fin.a");
    assertThat(only(r, "models/b.sql").targets()).containsExactly("analytics.b");
    assertThat(only(r, "models/b.sql").sources()).containsExactly("fin.a");
  }

  @Test
  void shouldTakeTheTargetSchemaFromTheEnvironmentWithoutProfiles() {
    Map<String, String> f = project("models/a.sql", "select 1 as one");
    f.remove("profiles.yml");
    var r = run(f, Map.of(DbtProject.TARGET_SCHEMA_ENV, "dev_jane"));
    assertThat(only(r, "models/a.sql").targets()).containsExactly("dev_jane.a");
  }

  @Test
  void shouldRenderVarEnvVarThisTargetAdapterQuoteAndIsIncremental() {
    var r =
        run(
            project(
                "models/a.sql",
                "select id, '{{ var('min_amount') }}-{{ var('missing', 'dflt') }}' as v, '{{ env_var('SHOP_ENV', 'none') }}' as e,"
                    + " '{{ env_var('SHOP_SET') }}' as s, '{{ this }}' as t, '{{ target.schema }}/{{ target.name }}' as g,"
                    + " {{ adapter.quote('Mixed') }} as q from {{ source('raw', 'orders') }}"
                    + "{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}"),
            Map.of("SHOP_SET", "prod"));
    String sql = r.get("models/a.sql").statement();
    assertThat(sql)
        .contains(
            "'5-dflt' as v",
            "'none' as e",
            "'prod' as s",
            "'analytics.a' as t",
            "'analytics/dev' as g",
            "\"Mixed\" as q")
        .doesNotContain("max(id)");
    assertThat(only(r, "models/a.sql").sources()).containsExactly("raw_data.orders");
  }

  @Test
  void shouldRenderLoopsAndSetWithAProjectMacro() {
    var r =
        run(
            project(
                "macros/cents.sql",
                "{% macro cents(col) %}({{ col }} / 100.0){% endmacro %}",
                "models/a.sql",
                "{% set methods = ['card', 'cash'] %}select order_id,{% for m in methods %} sum(case when method = '{{ m }}'"
                    + " then {{ cents('amount') }} end) as {{ m }}_amount{{ ',' if not loop.last }}{% endfor %}"
                    + " from {{ source('raw', 'pays') }} group by 1"));
    assertThat(edges(only(r, "models/a.sql")))
        .containsExactly(
            "ColumnEdge[target=analytics.a.order_id, sources=[raw_data.payments.order_id]]",
            "ColumnEdge[target=analytics.a.card_amount, sources=[raw_data.payments.method, raw_data.payments.amount]]",
            "ColumnEdge[target=analytics.a.cash_amount, sources=[raw_data.payments.method, raw_data.payments.amount]]");
  }

  @Test
  void shouldInlineEphemeralModelsAsCtesSoTheirSourcesAndColumnsFlowThrough() {
    var r =
        run(
            project(
                "models/e1.sql",
                    "{{ config(materialized='ephemeral') }} select id, amount from {{ source('raw', 'orders') }}",
                "models/e2.sql",
                    "{{ config(materialized='ephemeral') }} select id, amount * 2 as doubled from {{ ref('e1') }}",
                "models/m.sql",
                    "with x as (select * from {{ ref('e2') }}) select id, doubled from x"));
    assertThat(r.get("models/e1.sql").lineage().statements()).isEmpty();
    assertThat(r.get("models/e1.sql").lineage().errors()).isEmpty();
    String sql = r.get("models/m.sql").statement();
    assertThat(sql).contains("__dbt__cte__e1 as (").contains("__dbt__cte__e2 as (");
    assertThat(sql.indexOf("__dbt__cte__e1 as")).isLessThan(sql.indexOf("__dbt__cte__e2 as"));
    StatementLineage m = only(r, "models/m.sql");
    assertThat(m.sources()).containsExactly("raw_data.orders");
    assertThat(edges(m))
        .containsExactly(
            "ColumnEdge[target=analytics.m.id, sources=[raw_data.orders.id]]",
            "ColumnEdge[target=analytics.m.doubled, sources=[raw_data.orders.amount]]");
  }

  @Test
  void shouldTreatSeedsAsTablesWithTheirCsvHeaderAsColumns() {
    Map<String, String> f =
        project(
            "seeds/countries.csv", "Code, \"Name\"\nFR,France\n",
            "models/m.sql", "select * from {{ ref('countries') }}");
    f.put("dbt_project.yml", PROJECT + "seeds:\n  shop:\n    +schema: ref\n");
    StatementLineage m = only(run(f), "models/m.sql");
    assertThat(m.sources()).containsExactly("analytics_ref.countries");
    assertThat(edges(m))
        .containsExactly(
            "ColumnEdge[target=analytics.m.code, sources=[analytics_ref.countries.code]]",
            "ColumnEdge[target=analytics.m.name, sources=[analytics_ref.countries.name]]");
  }

  @Test
  void shouldExpandStarFromAnUpstreamModelWhateverTheFileOrder() {
    var r =
        run(
            project(
                "models/a_down.sql", "select * from {{ ref('z_up') }}",
                "models/z_up.sql", "select id, amount from {{ source('raw', 'orders') }}"));
    assertThat(edges(only(r, "models/a_down.sql")))
        .containsExactly(
            "ColumnEdge[target=analytics.a_down.id, sources=[analytics.z_up.id]]",
            "ColumnEdge[target=analytics.a_down.amount, sources=[analytics.z_up.amount]]");
  }

  @Test
  void shouldRenderAnUnavailablePackageMacroAsAPlaceholderWithAWarning() {
    var r =
        run(
            project(
                "models/a.sql",
                "select id,\n {{ dbt_utils.generate_surrogate_key(['id']) }} as sk, {{ unknown_macro('x') }} as u"
                    + " from {{ source('raw', 'orders') }}"));
    FileLineage fl = r.get("models/a.sql").lineage();
    assertThat(fl.statements()).hasSize(1);
    assertThat(fl.statements().get(0).targets()).containsExactly("analytics.a");
    assertThat(fl.errors()).isEmpty();
    assertThat(fl.warnings())
        .extracting(StatementError::message)
        .containsExactly(
            "models/a.sql:2: macro 'dbt_utils.generate_surrogate_key' is not available (package not vendored?): rendered as null",
            "models/a.sql:2: macro 'unknown_macro' is not available (package not vendored?): rendered as null");
  }

  @Test
  void shouldReportATemplateSyntaxErrorWithFileAndLineAndKeepTheOtherModels() {
    var r =
        run(
            project(
                "models/bad.sql", "select 1\nfrom x\n{% if %}",
                "models/good.sql", "select id from {{ source('raw', 'orders') }}"));
    FileLineage bad = r.get("models/bad.sql").lineage();
    assertThat(bad.statements()).isEmpty();
    assertThat(bad.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.message())
                  .startsWith("models/bad.sql:3: template error:")
                  .contains("if");
            });
    assertThat(only(r, "models/good.sql").targets()).containsExactly("analytics.good");
  }

  @Test
  void shouldNameAnUnknownRefAndAnUnknownSource() {
    var r =
        run(
            project(
                "models/a.sql", "select 1 from {{ ref('nope') }}",
                "models/b.sql", "select 1 from\n{{ source('raw', 'missing') }}"));
    assertThat(r.get("models/a.sql").lineage().statements()).isEmpty();
    assertThat(r.get("models/a.sql").lineage().errors())
        .extracting(StatementError::message)
        .containsExactly(
            "models/a.sql:1: unknown ref 'nope': no model, seed or snapshot of that name in the project");
    assertThat(r.get("models/b.sql").lineage().errors())
        .extracting(StatementError::message)
        .containsExactly(
            "models/b.sql:2: unknown source 'raw.missing': not declared in any .yml file under the model paths");
  }

  @Test
  void shouldWriteASnapshotsRelation() {
    var r =
        run(
            project(
                "snapshots/orders_snap.sql",
                "{% snapshot orders_snapshot %}\n{{ config(target_schema='snapshots', unique_key='id', strategy='check') }}\n"
                    + "select id, amount from {{ source('raw', 'orders') }}\n{% endsnapshot %}"));
    StatementLineage s = only(r, "snapshots/orders_snap.sql");
    assertThat(s.kind()).isEqualTo("CREATE_TABLE_AS");
    assertThat(s.targets()).containsExactly("snapshots.orders_snapshot");
    assertThat(s.sources()).containsExactly("raw_data.orders");
  }

  @Test
  void shouldReuseAParseOnlyWhileTheRenderedStatementIsUnchanged() {
    DbtLineage.ParseCache cache = DbtLineage.ParseCache.inMemory();
    Map<String, String> f = project("models/a.sql", "select id from {{ source('raw', 'orders') }}");
    DbtLineage l = new DbtLineage(ENGINE);
    l.extract(DbtProject.of(f, Map.of()), Map.of(), cache);
    f.put("models/sources.yml", SOURCES.replace("schema: raw_data", "schema: raw_v2"));
    var r = l.extract(DbtProject.of(f, Map.of()), Map.of(), cache);
    assertThat(only(r, "models/a.sql").sources()).containsExactly("raw_v2.orders");
  }

  @Test
  void shouldParseTheDbtStyleFinalCte() {
    var r =
        run(
            project(
                "models/a.sql",
                "with source as (select * from {{ source('raw', 'orders') }}),\nfinal as (select id from source)\nselect * from final"));
    assertThat(only(r, "models/a.sql").sources()).containsExactly("raw_data.orders");
    assertThat(edges(only(r, "models/a.sql")))
        .containsExactly("ColumnEdge[target=analytics.a.id, sources=[raw_data.orders.id]]");
  }

  @Test
  void shouldLetAProjectMacroReplaceABuiltInMacroOfTheSameName() {
    var r =
        run(
            project(
                "macros/schema.sql",
                "{% macro generate_schema_name(custom_schema_name, node) -%}{{ generate_schema_name_for_env(custom_schema_name, node) }}"
                    + "{%- endmacro %}{% macro generate_schema_name_for_env(custom_schema_name, node) -%}own_{{ target.name }}"
                    + "{%- endmacro %}",
                "models/a.sql",
                "{{ config(schema='fin') }} select 1 as one"));
    assertThat(only(r, "models/a.sql").targets()).containsExactly("own_dev.a");
  }

  @Test
  void shouldAcceptTrailingCommasInJinjaAndLeaveStringsAndSqlAlone() {
    var r =
        run(
            project(
                "models/a.sql",
                "{{ config(\n  materialized='table',\n) }}{% set parts = ['x,)', 'y',] %}select '{{ parts | join('|') }}' as v,"
                    + " coalesce(id, 0) as id\nfrom {{ source('raw', 'orders',) }}"));
    assertThat(r.get("models/a.sql").statement())
        .contains("select 'x,)|y' as v, coalesce(id, 0) as id");
    assertThat(only(r, "models/a.sql").kind()).isEqualTo("CREATE_TABLE_AS");
    assertThat(only(r, "models/a.sql").sources()).containsExactly("raw_data.orders");
  }
}
