-- Counterparties with a rating bucket used by limits and reports.
CREATE OR REPLACE VIEW stg.counterparties AS
SELECT c.counterparty_id,
       c.lei,
       TRIM(c.legal_name) AS legal_name,
       c.country_code,
       COALESCE(c.credit_rating, 'NR') AS credit_rating,
       CASE
           WHEN c.credit_rating IN ('AAA', 'AA+', 'AA', 'AA-') THEN 'HIGH_GRADE'
           WHEN c.credit_rating LIKE 'A%' OR c.credit_rating LIKE 'BBB%' THEN 'INVESTMENT_GRADE'
           WHEN c.credit_rating IS NULL OR c.credit_rating = 'NR' THEN 'UNRATED'
           ELSE 'SUB_INVESTMENT_GRADE'
       END AS rating_bucket,
       c.sector,
       c.parent_counterparty_id,
       c.is_active
FROM raw.counterparties c;
