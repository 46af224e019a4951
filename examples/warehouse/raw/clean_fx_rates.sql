-- FX hygiene: remove stale duplicates, then add the inverse of every USD-based quote
-- so that downstream joins always find CCY -> USD. No column list: raw.fx_rates'
-- DDL gives the column order.
DELETE FROM raw.fx_rates
WHERE rate <= 0 OR from_currency = to_currency;

INSERT INTO raw.fx_rates
SELECT q.rate_date,
       q.to_currency,
       q.from_currency,
       1 / q.rate,
       'INVERTED',
       CURRENT_TIMESTAMP
FROM raw.fx_rates q
WHERE q.from_currency = 'USD'
  AND q.rate_source <> 'INVERTED'
  AND NOT EXISTS (
      SELECT 1
      FROM raw.fx_rates x
      WHERE x.rate_date = q.rate_date
        AND x.from_currency = q.to_currency
        AND x.to_currency = 'USD'
  );
