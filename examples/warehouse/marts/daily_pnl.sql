-- Daily P&L per book: change in market value minus the cash paid for the day's trades.
-- The INSERT has no column list: the DDL above fixes the column order.
CREATE TABLE IF NOT EXISTS mart.daily_pnl (
    pnl_date              DATE          NOT NULL,
    book_id               INTEGER       NOT NULL,
    desk                  VARCHAR(50),
    market_value_usd      NUMERIC(20,2),
    prev_market_value_usd NUMERIC(20,2),
    trading_flow_usd      NUMERIC(20,2),
    pnl_usd               NUMERIC(20,2),
    loaded_at             TIMESTAMP     NOT NULL
);

-- re-runs replace the last 5 business days
DELETE FROM mart.daily_pnl
WHERE pnl_date >= CURRENT_DATE - 7;

INSERT INTO mart.daily_pnl
WITH book_values AS (
    SELECT position_date,
           book_id,
           desk,
           SUM(market_value_usd) AS market_value_usd
    FROM mart.position_valuations
    GROUP BY position_date, book_id, desk
),
flows AS (
    SELECT trade_date,
           book_id,
           SUM(signed_notional_usd) AS trading_flow_usd
    FROM mart.fct_trades
    GROUP BY trade_date, book_id
),
with_prev AS (
    SELECT v.position_date,
           v.book_id,
           v.desk,
           v.market_value_usd,
           LAG(v.market_value_usd) OVER (PARTITION BY v.book_id ORDER BY v.position_date) AS prev_market_value_usd
    FROM book_values v
)
SELECT w.position_date,
       w.book_id,
       w.desk,
       w.market_value_usd,
       w.prev_market_value_usd,
       COALESCE(f.trading_flow_usd, 0),
       w.market_value_usd - COALESCE(w.prev_market_value_usd, 0) - COALESCE(f.trading_flow_usd, 0),
       CURRENT_TIMESTAMP
FROM with_prev w
LEFT JOIN flows f
  ON f.trade_date = w.position_date
 AND f.book_id = w.book_id
WHERE w.position_date >= CURRENT_DATE - 7;
