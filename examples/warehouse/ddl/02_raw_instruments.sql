-- Security master, upserted from landing.instrument_master by raw/load_instruments.sql.
CREATE TABLE IF NOT EXISTS raw.instruments (
    instrument_id   INTEGER      NOT NULL,
    isin            VARCHAR(12)  NOT NULL,
    ticker          VARCHAR(20),
    instrument_name VARCHAR(200),
    asset_class     VARCHAR(20),   -- EQUITY, BOND, FX, COMMODITY
    sector          VARCHAR(50),
    currency        CHAR(3),
    country_code    CHAR(2),
    issuer_lei      VARCHAR(20),
    maturity_date   DATE,
    coupon_rate     NUMERIC(9,6),
    is_active       BOOLEAN      NOT NULL,
    updated_at      TIMESTAMP    NOT NULL,
    PRIMARY KEY (instrument_id)
);
