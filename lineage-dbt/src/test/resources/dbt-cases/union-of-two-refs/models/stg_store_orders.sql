select sale_id as order_id, gross as amount from {{ source('pos', 'sales') }}
