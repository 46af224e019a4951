-- One USD conversion rate per currency and day: usd_rate = USD per unit of currency.
-- Direct CCY/USD quotes, inverted USD/CCY quotes, and USD itself (rate 1) on every day.
CREATE TABLE stg.fx_rates AS
SELECT rate_date,
       currency,
       MAX(usd_rate) AS usd_rate
FROM (
    SELECT r.rate_date, r.from_currency AS currency, r.rate AS usd_rate
    FROM raw.fx_rates r
    WHERE r.to_currency = 'USD'
    UNION ALL
    SELECT r.rate_date, r.to_currency AS currency, 1 / r.rate AS usd_rate
    FROM raw.fx_rates r
    WHERE r.from_currency = 'USD'
    UNION ALL
    SELECT c.calendar_date, 'USD', 1
    FROM raw.calendar c
) quotes
GROUP BY rate_date, currency;
