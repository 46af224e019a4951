select id from {{ source('shop', 'orders') }}
