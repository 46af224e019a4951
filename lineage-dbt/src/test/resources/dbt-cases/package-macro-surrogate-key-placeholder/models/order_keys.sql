select order_id, order_key from {{ ref('int_order_keys') }}
