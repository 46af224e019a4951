-- The morning risk pack: per desk and book, market value, VaR, expected shortfall
-- and the worst stress scenario. Column lineage of var_99 runs back through
-- mart.var_historical to raw.prices.close_price and raw.positions_snapshot.quantity.
CREATE TABLE rpt.daily_risk_report AS
WITH book_mv AS (
    SELECT position_date, book_id, SUM(market_value_usd) AS market_value_usd
    FROM mart.position_valuations
    GROUP BY position_date, book_id
),
worst_stress AS (
    SELECT as_of_date, book_id, scenario_name, stressed_pnl_usd
    FROM (
        SELECT s.*,
               ROW_NUMBER() OVER (PARTITION BY s.as_of_date, s.book_id ORDER BY s.stressed_pnl_usd) AS rn
        FROM mart.stress_results s
    ) ranked
    WHERE rn = 1
)
SELECT v.as_of_date,
       v.desk,
       v.book_id,
       ROUND(m.market_value_usd, 2) AS market_value_usd,
       ROUND(v.var_95, 2) AS var_95,
       ROUND(v.var_99, 2) AS var_99,
       ROUND(v.expected_shortfall_99, 2) AS expected_shortfall_99,
       w.scenario_name AS worst_stress_scenario,
       ROUND(w.stressed_pnl_usd, 2) AS worst_stress_pnl_usd,
       ROUND(100.0 * v.var_99 / NULLIF(ABS(m.market_value_usd), 0), 3) AS var_99_pct_of_mv
FROM mart.var_historical v
JOIN book_mv m
  ON m.book_id = v.book_id
 AND m.position_date = v.as_of_date
LEFT JOIN worst_stress w
  ON w.book_id = v.book_id
 AND w.as_of_date = v.as_of_date;
