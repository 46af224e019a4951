select id as order_id from {{ source('raw', 'orders') }}
