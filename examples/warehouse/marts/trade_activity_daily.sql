-- Desk activity with a rolling 20-business-day notional and the desk's rank of the day.
CREATE OR REPLACE VIEW mart.trade_activity_daily AS
SELECT d.trade_date,
       d.desk,
       d.trade_count,
       d.notional_usd,
       SUM(d.notional_usd) OVER (
           PARTITION BY d.desk ORDER BY d.trade_date
           ROWS BETWEEN 19 PRECEDING AND CURRENT ROW
       ) AS rolling_20d_notional_usd,
       RANK() OVER (PARTITION BY d.trade_date ORDER BY d.notional_usd DESC) AS desk_rank
FROM (
    SELECT trade_date, desk, COUNT(*) AS trade_count, SUM(notional_usd) AS notional_usd
    FROM mart.fct_trades
    GROUP BY trade_date, desk
) d;
