-- Stress P&L per book and scenario; a scenario shocks an asset class, optionally one currency.
CREATE TABLE mart.stress_results AS
SELECT v.position_date AS as_of_date,
       v.book_id,
       v.desk,
       s.scenario_name,
       SUM(v.market_value_usd * s.shock) AS stressed_pnl_usd
FROM mart.position_valuations v
JOIN stg.stress_scenarios s
  ON s.asset_class = v.asset_class
 AND (s.currency = 'ALL' OR s.currency = v.currency)
WHERE v.position_date = (SELECT MAX(x.position_date) FROM mart.position_valuations x)
GROUP BY v.position_date, v.book_id, v.desk, s.scenario_name;
