-- Mark-to-market of every position in local currency and USD.
CREATE TABLE mart.position_valuations AS
WITH positions AS (
    SELECT position_date, book_id, instrument_id,
           SUM(quantity) AS quantity,
           SUM(cost_basis) AS cost_basis
    FROM mart.positions_daily
    GROUP BY position_date, book_id, instrument_id
)
SELECT p.position_date,
       p.book_id,
       b.desk,
       p.instrument_id,
       i.asset_class,
       i.currency,
       p.quantity,
       px.close_price,
       p.quantity * px.close_price AS market_value_local,
       fx.usd_rate AS fx_rate_usd,
       p.quantity * px.close_price * fx.usd_rate AS market_value_usd,
       p.cost_basis * fx.usd_rate AS cost_basis_usd,
       (p.quantity * px.close_price - p.cost_basis) * fx.usd_rate AS unrealised_pnl_usd
FROM positions p
JOIN stg.books b
  ON b.book_id = p.book_id
JOIN mart.dim_instrument i
  ON i.instrument_id = p.instrument_id
JOIN stg.prices px
  ON px.instrument_id = p.instrument_id
 AND px.price_date = p.position_date
JOIN stg.fx_rates fx
  ON fx.currency = i.currency
 AND fx.rate_date = p.position_date;
