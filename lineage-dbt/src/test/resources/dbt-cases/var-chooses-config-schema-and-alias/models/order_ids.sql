select order_id from {{ ref('orders') }}
