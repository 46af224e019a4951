-- Market-data hygiene, run after the price loader and before staging.
-- 1) drop unusable prints
DELETE FROM raw.prices
WHERE close_price IS NULL
   OR close_price <= 0;

-- 2) keep only the latest load per instrument and day (the loader re-sends corrections)
DELETE FROM raw.prices p
USING raw.prices d
WHERE p.instrument_id = d.instrument_id
  AND p.price_date = d.price_date
  AND p.loaded_at < d.loaded_at;

-- 3) prices of instruments the security master does not know are quarantined upstream;
--    here we only drop them (the message 'DELETE FROM raw.instruments' is a literal)
DELETE FROM raw.prices
WHERE instrument_id NOT IN (SELECT i.instrument_id FROM raw.instruments i)
  AND price_source <> 'DELETE FROM raw.instruments';
