-- Trade fact: every live trade with its desk, asset class and USD notional.
-- Trades without an FX fixing on their trade date use the latest earlier fixing.
CREATE TABLE mart.fct_trades AS
WITH fx AS (
    SELECT t.trade_id,
           (SELECT r.usd_rate
            FROM stg.fx_rates r
            WHERE r.currency = t.currency
              AND r.rate_date <= t.trade_date
            ORDER BY r.rate_date DESC
            LIMIT 1) AS fx_rate_usd
    FROM stg.trades t
)
SELECT t.trade_id,
       t.trade_date,
       t.trade_ts,
       t.book_id,
       b.desk,
       t.trader_id,
       t.account_id,
       t.instrument_id,
       i.asset_class,
       t.counterparty_id,
       t.side,
       t.signed_quantity,
       t.quantity,
       t.price,
       t.currency,
       t.notional,
       fx.fx_rate_usd,
       t.notional * fx.fx_rate_usd AS notional_usd,
       t.signed_quantity * t.price * fx.fx_rate_usd AS signed_notional_usd
FROM stg.trades t
JOIN fx
  ON fx.trade_id = t.trade_id
JOIN stg.books b
  ON b.book_id = t.book_id
LEFT JOIN mart.dim_instrument i
  ON i.instrument_id = t.instrument_id;
