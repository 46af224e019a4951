/* Regulatory large-exposure report (CRR art. 392): groups of connected clients whose
   exposure exceeds 10 % of eligible capital. Eligible capital is a parameter of the
   run (here a constant); the old version read it with
       SELECT capital FROM finance.eligible_capital
   which no longer exists. */
CREATE TABLE rpt.large_exposures AS
SELECT e.as_of_date,
       e.ultimate_parent_id,
       MAX(d.ultimate_parent_name) AS group_name,
       COUNT(*) AS entities_in_group,
       SUM(e.net_exposure_usd) AS group_exposure_usd,
       100.0 * SUM(e.net_exposure_usd) / 2500000000 AS pct_of_eligible_capital
FROM mart.counterparty_exposure e
JOIN mart.dim_counterparty d
  ON d.counterparty_id = e.counterparty_id
GROUP BY e.as_of_date, e.ultimate_parent_id
HAVING SUM(e.net_exposure_usd) > 0.10 * 2500000000;
