select id as order_id, amount, currency from {{ source('shop', 'orders') }}
