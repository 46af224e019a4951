-- depends_on: {{ ref('stg_fx_rates') }}
select order_id, amount from {{ ref('stg_orders') }}
