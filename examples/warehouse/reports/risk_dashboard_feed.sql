-- Feed table for the risk dashboard: one row per desk and day, upserted each run.
CREATE TABLE IF NOT EXISTS rpt.risk_dashboard_feed (
    as_of_date       DATE          NOT NULL,
    desk             VARCHAR(50)   NOT NULL,
    market_value_usd NUMERIC(20,2),
    var_99           NUMERIC(20,2),
    pnl_usd          NUMERIC(20,2),
    mtd_pnl_usd      NUMERIC(20,2),
    refreshed_at     TIMESTAMP
);

MERGE INTO rpt.risk_dashboard_feed AS t
USING (
    SELECT r.as_of_date,
           r.desk,
           SUM(r.market_value_usd) AS market_value_usd,
           SUM(r.var_99) AS var_99,
           MAX(p.pnl_usd) AS pnl_usd,
           MAX(p.mtd_pnl_usd) AS mtd_pnl_usd
    FROM rpt.daily_risk_report r
    LEFT JOIN rpt.daily_pnl_summary p
      ON p.desk = r.desk
     AND p.pnl_date = r.as_of_date
    GROUP BY r.as_of_date, r.desk
) AS s
ON (t.as_of_date = s.as_of_date AND t.desk = s.desk)
WHEN MATCHED THEN UPDATE SET
    market_value_usd = s.market_value_usd,
    var_99           = s.var_99,
    pnl_usd          = s.pnl_usd,
    mtd_pnl_usd      = s.mtd_pnl_usd,
    refreshed_at     = CURRENT_TIMESTAMP
WHEN NOT MATCHED THEN INSERT (as_of_date, desk, market_value_usd, var_99, pnl_usd, mtd_pnl_usd, refreshed_at)
VALUES (s.as_of_date, s.desk, s.market_value_usd, s.var_99, s.pnl_usd, s.mtd_pnl_usd, CURRENT_TIMESTAMP);
