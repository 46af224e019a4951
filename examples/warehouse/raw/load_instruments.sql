-- Upsert the security master. Only the latest record per instrument in the feed wins.
MERGE INTO raw.instruments AS t
USING (
    SELECT instrument_id, isin, ticker, name, asset_class, sector, ccy, country,
           issuer_lei, maturity, coupon, status, feed_ts
    FROM (
        SELECT m.*,
               ROW_NUMBER() OVER (PARTITION BY m.instrument_id ORDER BY m.feed_ts DESC) AS rn
        FROM landing.instrument_master m
    ) latest
    WHERE rn = 1
) AS s
ON (t.instrument_id = s.instrument_id)
WHEN MATCHED THEN UPDATE SET
    isin            = s.isin,
    ticker          = s.ticker,
    instrument_name = s.name,
    asset_class     = UPPER(s.asset_class),
    sector          = s.sector,
    currency        = s.ccy,
    country_code    = s.country,
    issuer_lei      = s.issuer_lei,
    maturity_date   = s.maturity,
    coupon_rate     = s.coupon,
    is_active       = (s.status = 'ACTIVE'),
    updated_at      = s.feed_ts
WHEN NOT MATCHED THEN INSERT (
    instrument_id, isin, ticker, instrument_name, asset_class, sector, currency,
    country_code, issuer_lei, maturity_date, coupon_rate, is_active, updated_at
) VALUES (
    s.instrument_id, s.isin, s.ticker, s.name, UPPER(s.asset_class), s.sector, s.ccy,
    s.country, s.issuer_lei, s.maturity, s.coupon, (s.status = 'ACTIVE'), s.feed_ts
);
