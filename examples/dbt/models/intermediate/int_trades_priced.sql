-- Ephemeral: inlined as a CTE wherever it is referenced, like dbt does.
select
    t.trade_id,
    t.trade_date,
    t.book_id,
    t.instrument_id,
    case when t.side = 'SELL' then -t.quantity else t.quantity end as signed_quantity,
    {{ to_reporting_currency('t.quantity * p.close_price', 'fx.rate') }} as market_value
from {{ ref('stg_trades') }} t
join {{ ref('stg_prices') }} p
  on p.instrument_id = t.instrument_id and p.price_date = t.trade_date
left join {{ ref('stg_fx_rates') }} fx
  on fx.from_currency = t.currency and fx.rate_date = t.trade_date
