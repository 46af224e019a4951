package io.github.lineage.dbt;

import io.github.lineage.sql.Catalog;
import io.github.lineage.sql.LineageEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Render+parse files/s of a generated dbt project next to parsing the same models as plain SQL (the
 * rendered statements written out). Run once by hand, figures go to docs/benchmarks.md: {@code
 * ./mvnw -o -q -pl lineage-dbt -am test -Dtest=DbtRenderBench -Dlineage.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "lineage.bench", matches = "true")
class DbtRenderBench {

  static Map<String, String> project(int models) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put(
        "dbt_project.yml",
        "name: bench\nvars:\n  ccy: USD\nmodels:\n  bench:\n    staging:\n      +schema: stg\n"
            + "    marts:\n      +materialized: table\n      +schema: mart\n");
    StringBuilder src = new StringBuilder("version: 2\nsources:\n  - name: raw\n    tables:\n");
    for (int i = 0; i < 20; i++) {
      src.append("      - name: t").append(i).append('\n');
    }
    f.put("models/sources.yml", src.toString());
    f.put("macros/money.sql", "{% macro money(col) %}round({{ col }} * 1.0, 2){% endmacro %}");
    for (int i = 0; i < models; i++) {
      String from =
          i < 20 ? "{{ source('raw', 't" + i + "') }}" : "{{ ref('m" + (i - 20 + (i % 7)) + "') }}";
      String dir = i < 20 ? "staging" : "marts";
      f.put(
          "models/" + dir + "/m" + i + ".sql",
          "{{ config(alias='m"
              + i
              + "') }}\n{% set kinds = ['a', 'b', 'c'] %}\nwith base as (\n  select id, amount, kind, ccy\n"
              + "  from "
              + from
              + "\n  where ccy = '{{ var('ccy') }}'\n)\nselect id, kind, ccy,\n"
              + "{% for k in kinds %}  sum(case when kind = '{{ k }}' then {{ money('amount') }} end) as amount_{{ k }},\n{% endfor %}"
              + "  count(*) as n, amount\nfrom base\ngroup by id, kind, ccy, amount\n");
    }
    return f;
  }

  @Test
  void renderAndParseNextToPlainSql() {
    int n = Integer.getInteger("lineage.bench.models", 2000);
    Map<String, String> files = project(n);
    try (LineageEngine engine = LineageEngine.defaults()) {
      DbtLineage dbt = new DbtLineage(engine);
      for (int pass = 0; pass < Integer.getInteger("lineage.bench.passes", 5); pass++) {
        long t0 = System.nanoTime();
        Map<String, DbtLineage.ModelLineage> r =
            dbt.extract(DbtProject.of(files, Map.of()), Map.of());
        long dbtNs = System.nanoTime() - t0;
        List<String> plain = r.values().stream().map(DbtLineage.ModelLineage::statement).toList();
        long t1 = System.nanoTime();
        Catalog.Builder cat = Catalog.builder();
        int i = 0;
        for (String sql : plain) {
          engine.extract("plain/" + (i++) + ".sql", sql, cat);
        }
        long plainNs = System.nanoTime() - t1;
        System.out.printf(
            "pass %d: %d models; dbt render+parse %.0f files/s (%.2f ms/file); plain SQL parse %.0f files/s"
                + " (%.2f ms/file); ratio %.2fx%n",
            pass,
            n,
            n / (dbtNs / 1e9),
            dbtNs / 1e6 / n,
            n / (plainNs / 1e9),
            plainNs / 1e6 / n,
            (double) dbtNs / plainNs);
      }
    }
  }
}
