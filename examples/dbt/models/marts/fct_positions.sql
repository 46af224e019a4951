{{ config(materialized='incremental', unique_key='trade_id') }}
select
    tp.trade_id,
    tp.trade_date,
    d.desk_name,
    tp.signed_quantity,
    tp.market_value
from {{ ref('int_trades_priced') }} tp
join {{ ref('book_desks') }} d on d.book_id = tp.book_id
{% if is_incremental() %}
where tp.trade_date > (select max(trade_date) from {{ this }})
{% endif %}
