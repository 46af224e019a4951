{%- set metrics = ['revenue', 'cost', 'margin'] -%}
select
    finance_date,
    {% for m in metrics -%}
    sum({{ m }}) as total_{{ m }}{% if not loop.last %},{% endif %}
    {% endfor %}
from {{ ref('stg_daily_finance') }}
group by finance_date
