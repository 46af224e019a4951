-- Latest net open currency positions by desk, kept as a table for the treasury extract.
CREATE TABLE IF NOT EXISTS rpt.fx_exposure_report (
    as_of_date         DATE          NOT NULL,
    desk               VARCHAR(50),
    currency           CHAR(3)       NOT NULL,
    net_exposure_local NUMERIC(20,2),
    net_exposure_usd   NUMERIC(20,2),
    share_of_book_pct  NUMERIC(9,3)
);

TRUNCATE TABLE rpt.fx_exposure_report;

INSERT INTO rpt.fx_exposure_report (
    as_of_date, desk, currency, net_exposure_local, net_exposure_usd, share_of_book_pct
)
SELECT f.position_date,
       b.desk,
       f.currency,
       SUM(f.net_exposure_local),
       SUM(f.net_exposure_usd),
       100.0 * SUM(f.net_exposure_usd) / NULLIF(SUM(f.book_total_usd), 0)
FROM mart.fx_exposure f
JOIN stg.books b
  ON b.book_id = f.book_id
WHERE f.position_date = (SELECT MAX(position_date) FROM mart.fx_exposure)
GROUP BY f.position_date, b.desk, f.currency;
