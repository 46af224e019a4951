select id as order_id, customer_id, status, _loaded_at from {{ source('shop', 'orders') }}
