select id as customer_id, email from {{ source('shop', 'customers') }}
