with payments as (
    select * from {{ ref('stg_stripe__payments') }}
),

final as (
    select payment_id, order_id, amount, created_at::date as paid_on
    from payments
)

select * from final
