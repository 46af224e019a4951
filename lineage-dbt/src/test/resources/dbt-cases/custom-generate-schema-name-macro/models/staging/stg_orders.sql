select id as order_id, country from {{ source('raw', 'orders') }}
