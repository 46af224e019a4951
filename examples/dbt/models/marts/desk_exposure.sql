{% set asset_classes = ['EQUITY', 'BOND', 'FX'] %}
select
    p.desk_name,
    {% for ac in asset_classes %}
    sum(case when i.asset_class = '{{ ac }}' then p.market_value else 0 end) as {{ ac | lower }}_exposure{{ "," if not loop.last }}
    {% endfor %}
from {{ ref('fct_positions') }} p
join {{ ref('stg_trades') }} t on t.trade_id = p.trade_id
join {{ ref('stg_instruments') }} i on i.instrument_id = t.instrument_id
group by p.desk_name
