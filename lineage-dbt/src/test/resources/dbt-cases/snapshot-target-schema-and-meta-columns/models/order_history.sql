select * from {{ ref('orders_snapshot') }}
