{#- Orders per day; this comment never reaches the SQL. -#}
{%- set day_col = 'order_date' -%}
select
    {{ day_col }} as day,  {# a trailing note #}
    count(*) as orders
from {{ source('shop', 'orders') }}
group by 1
