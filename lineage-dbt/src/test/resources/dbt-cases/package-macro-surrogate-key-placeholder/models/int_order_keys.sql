{{ config(materialized='ephemeral') }}
select order_id, {{ dbt_utils.generate_surrogate_key(['order_id']) }} as order_key
from {{ source('shop', 'orders') }}
