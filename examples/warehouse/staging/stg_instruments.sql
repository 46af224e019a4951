-- Active instruments with a derived time-to-maturity (bonds only).
CREATE OR REPLACE VIEW stg.instruments AS
SELECT i.instrument_id,
       i.isin,
       i.ticker,
       COALESCE(i.instrument_name, i.ticker, i.isin) AS instrument_name,
       i.asset_class,
       COALESCE(i.sector, 'Unclassified') AS sector,
       i.currency,
       i.country_code,
       i.issuer_lei,
       i.maturity_date,
       i.coupon_rate,
       CASE
           WHEN i.asset_class = 'BOND' AND i.maturity_date IS NOT NULL
               THEN (i.maturity_date - CURRENT_DATE) / 365.25
           ELSE NULL
       END AS years_to_maturity
FROM raw.instruments i
WHERE i.is_active = TRUE;
