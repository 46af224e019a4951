select
    order_id,
    amount,
    '{{ var('start_date') }}' as start_date,
    '{{ var('currency', 'USD') }}' as currency
from {{ source('raw', var('payment_table')) }}
where status in ({% for s in var('status_list') %}'{{ s }}'{% if not loop.last %}, {% endif %}{% endfor %})
limit {{ var('row_limit', default=1000) }}
