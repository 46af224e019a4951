-- One-day historical-simulation VaR per book: today's USD exposures revalued with
-- each of the last 250 business days' returns. var_99 is the loss at the 1st percentile.
CREATE TABLE mart.var_historical AS
WITH exposures AS (
    SELECT v.position_date, v.book_id, v.desk, v.instrument_id, v.market_value_usd
    FROM mart.position_valuations v
    WHERE v.position_date = (SELECT MAX(position_date) FROM mart.position_valuations)
),
scenarios AS (
    SELECT e.position_date,
           e.book_id,
           e.desk,
           r.price_date AS scenario_date,
           SUM(e.market_value_usd * r.daily_return) AS scenario_pnl_usd
    FROM exposures e
    JOIN stg.price_returns r
      ON r.instrument_id = e.instrument_id
    WHERE r.price_date > e.position_date - 365
      AND r.daily_return IS NOT NULL
    GROUP BY e.position_date, e.book_id, e.desk, r.price_date
),
quantiles AS (
    SELECT position_date,
           book_id,
           desk,
           COUNT(*) AS scenario_count,
           -PERCENTILE_CONT(0.05) WITHIN GROUP (ORDER BY scenario_pnl_usd) AS var_95,
           -PERCENTILE_CONT(0.01) WITHIN GROUP (ORDER BY scenario_pnl_usd) AS var_99
    FROM scenarios
    GROUP BY position_date, book_id, desk
)
SELECT q.position_date AS as_of_date,
       q.book_id,
       q.desk,
       q.scenario_count,
       q.var_95,
       q.var_99,
       -AVG(s.scenario_pnl_usd) AS expected_shortfall_99
FROM quantiles q
JOIN scenarios s
  ON s.book_id = q.book_id
 AND s.scenario_pnl_usd <= -q.var_99
GROUP BY q.position_date, q.book_id, q.desk, q.scenario_count, q.var_95, q.var_99;
