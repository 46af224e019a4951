-- FX fixings as published (WM/Reuters 4pm London and the ECB reference rates).
-- Not every pair is quoted against USD; staging/stg_fx_rates.sql normalises them.
CREATE TABLE IF NOT EXISTS raw.fx_rates (
    rate_date     DATE          NOT NULL,
    from_currency CHAR(3)       NOT NULL,
    to_currency   CHAR(3)       NOT NULL,
    rate          NUMERIC(20,10) NOT NULL,
    rate_source   VARCHAR(20),
    loaded_at     TIMESTAMP     NOT NULL
);
