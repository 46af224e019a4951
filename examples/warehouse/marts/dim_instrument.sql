CREATE OR REPLACE VIEW mart.dim_instrument AS
SELECT i.instrument_id,
       i.isin,
       i.ticker,
       i.instrument_name,
       i.asset_class,
       i.sector,
       i.currency,
       CASE
           WHEN i.years_to_maturity IS NULL THEN 'N/A'
           WHEN i.years_to_maturity < 2 THEN '0-2Y'
           WHEN i.years_to_maturity < 5 THEN '2-5Y'
           WHEN i.years_to_maturity < 10 THEN '5-10Y'
           ELSE '10Y+'
       END AS maturity_bucket
FROM stg.instruments i;
