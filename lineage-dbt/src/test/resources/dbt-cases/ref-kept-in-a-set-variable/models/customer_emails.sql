{%- set customers = ref('stg_customers') -%}
select customer_id, email, '{{ customers.identifier }}' as read_from
from {{ customers }}
