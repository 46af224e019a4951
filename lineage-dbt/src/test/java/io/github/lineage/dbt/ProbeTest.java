package io.github.lineage.dbt;

import io.github.lineage.sql.LineageEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeTest {
  @Test
  void probe() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("dbt_project.yml", "name: shop\nprofile: shop\nvars:\n  min_amount: 5\nmodels:\n  shop:\n    staging:\n      +schema: stg\n    marts:\n      +materialized: table\n");
    f.put("profiles.yml", "shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      schema: analytics\n      database: wh\n");
    f.put("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    schema: raw_data\n    tables:\n      - name: orders\n      - name: pays\n        identifier: payments\n");
    f.put("seeds/countries.csv", "code,name\nFR,France\n");
    f.put("macros/cents.sql", "{% macro cents_to_dollars(col) %}({{ col }} / 100.0){% endmacro %}");
    f.put("models/staging/stg_orders.sql", "{{ config(materialized='view') }}\nselect id, amount, country from {{ source('raw', 'orders') }} where amount > {{ var('min_amount') }}");
    f.put("models/staging/stg_pays.sql", "{{ config(materialized='ephemeral') }}\nselect order_id, method, {{ cents_to_dollars('amount') }} as amount from {{ source('raw','pays') }}");
    f.put("models/marts/orders.sql", "{% set methods = ['card', 'cash'] %}\nselect o.id, c.name,{% for m in methods %} sum(case when p.method = '{{ m }}' then p.amount end) as {{ m }}_amount,{% endfor %} {{ dbt_utils.star(ref('stg_orders')) }} as x, {{ adapter.quote('Y') }} as y\nfrom {{ ref('stg_orders') }} o join {{ ref('stg_pays') }} p on p.order_id = o.id join {{ ref('countries') }} c on c.code = o.country\n{% if is_incremental() %} where 1=1 {% endif %} -- {{ this }} {{ target.schema }} {{ env_var('NOPE', 'dflt') }}\ngroup by 1, 2");
    f.put("models/marts/bad.sql", "select {{ ref('nope') }}");
    f.put("models/marts/bad2.sql", "select 1\n{% if %}");
    f.put("models/marts/star.sql", "select * from {{ ref('countries') }}");
    DbtProject p = DbtProject.of(f, Map.of());
    try (LineageEngine e = LineageEngine.defaults()) {
      new DbtLineage(e).extract(p, Map.of()).forEach((k, v) -> System.out.println(k + "\n  " + v.statement() + "\n  " + v.lineage()));
    }
  }
}
