-- Counterparties over 90 % of their pre-settlement limit, worst first.
CREATE OR REPLACE VIEW rpt.counterparty_limit_breaches AS
SELECT e.as_of_date,
       e.counterparty_id,
       d.legal_name,
       d.ultimate_parent_name,
       d.credit_rating,
       e.net_exposure_usd,
       e.limit_amount_usd,
       e.utilisation_pct,
       CASE WHEN e.utilisation_pct >= 100 THEN 'BREACH' ELSE 'WARNING' END AS breach_status
FROM mart.counterparty_exposure e
JOIN mart.dim_counterparty d
  ON d.counterparty_id = e.counterparty_id
WHERE e.utilisation_pct >= 90
ORDER BY e.utilisation_pct DESC;
