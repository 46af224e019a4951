-- Traders ranked by notional traded in the last 30 days, within their desk.
CREATE OR REPLACE VIEW rpt.top_traders AS
SELECT desk,
       trader_id,
       trade_count,
       notional_usd,
       DENSE_RANK() OVER (PARTITION BY desk ORDER BY notional_usd DESC) AS rank_in_desk,
       notional_usd / SUM(notional_usd) OVER (PARTITION BY desk) AS share_of_desk
FROM (
    SELECT t.desk,
           COALESCE(t.trader_id, 'UNKNOWN') AS trader_id,
           COUNT(*) AS trade_count,
           SUM(t.notional_usd) AS notional_usd
    FROM mart.fct_trades t
    WHERE t.trade_date >= CURRENT_DATE - 30
    GROUP BY t.desk, COALESCE(t.trader_id, 'UNKNOWN')
) traders;
