select
    {{ dbt_utils.generate_surrogate_key(['order_id', 'line_number']) }} as order_line_key,
    order_id,
    line_number,
    quantity * unit_price as line_total
from {{ source('shop', 'order_lines') }}
