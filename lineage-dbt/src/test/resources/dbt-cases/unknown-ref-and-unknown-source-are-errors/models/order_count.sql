select count(order_id) as n from {{ ref('stg_orders') }}
