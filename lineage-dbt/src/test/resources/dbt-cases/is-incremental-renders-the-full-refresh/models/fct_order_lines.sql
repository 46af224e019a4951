{{ config(materialized='incremental', unique_key=['order_id', 'line_no'], incremental_strategy='delete+insert') }}
{% if is_incremental() %}
  {% set since = "(select max(updated_at) from " ~ this ~ ")" %}
{% else %}
  {% set since = "'1900-01-01'" %}
{% endif %}
select order_id, line_no, updated_at
from {{ source('raw', 'order_lines') }}
where updated_at > {{ since }}
