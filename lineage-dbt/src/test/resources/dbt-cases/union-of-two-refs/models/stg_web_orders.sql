select id as order_id, total as amount from {{ source('web', 'orders') }}
