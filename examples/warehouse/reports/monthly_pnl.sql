-- Monthly P&L per desk plus a firm-wide line ('ALL DESKS' is a label, not a table).
CREATE TABLE rpt.monthly_pnl AS
SELECT DATE_TRUNC('month', pnl_date) AS pnl_month,
       desk,
       SUM(pnl_usd) AS pnl_usd,
       COUNT(DISTINCT pnl_date) AS trading_days
FROM mart.daily_pnl
GROUP BY DATE_TRUNC('month', pnl_date), desk
UNION ALL
SELECT DATE_TRUNC('month', pnl_date),
       'ALL DESKS',
       SUM(pnl_usd),
       COUNT(DISTINCT pnl_date)
FROM mart.daily_pnl
GROUP BY DATE_TRUNC('month', pnl_date);
