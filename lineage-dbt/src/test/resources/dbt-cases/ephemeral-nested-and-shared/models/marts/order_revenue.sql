with by_order as (
    select * from {{ ref('int_payments_by_order') }}
)
select order_id, amount as revenue from by_order
