select
    {{ payment_columns('p') }},
    {{ cents_to_dollars('p.amount') }} as amount,
    {{ cents_to_dollars('p.fee_cents', scale=4) }} as fee,
    {{ zero_if_null(cents_to_dollars('p.refund_cents')) }} as refunded
from {{ source('stripe', 'payments') }} p
