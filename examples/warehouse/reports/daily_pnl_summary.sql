-- Desk P&L with month-to-date and year-to-date totals.
CREATE OR REPLACE VIEW rpt.daily_pnl_summary AS
SELECT d.pnl_date,
       d.desk,
       d.pnl_usd,
       SUM(d.pnl_usd) OVER (
           PARTITION BY d.desk, DATE_TRUNC('month', d.pnl_date) ORDER BY d.pnl_date
       ) AS mtd_pnl_usd,
       SUM(d.pnl_usd) OVER (
           PARTITION BY d.desk, EXTRACT(YEAR FROM d.pnl_date) ORDER BY d.pnl_date
       ) AS ytd_pnl_usd
FROM (
    SELECT pnl_date, desk, SUM(pnl_usd) AS pnl_usd
    FROM mart.daily_pnl
    GROUP BY pnl_date, desk
) d;
