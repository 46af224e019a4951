{{ config(materialized='ephemeral') }}
select order_id, sum(amount) as total
from {{ source('stripe', 'payments') }}
group by order_id
