-- End-of-day prices, written directly by the market-data loader (no landing step).
CREATE TABLE IF NOT EXISTS raw.prices (
    instrument_id INTEGER       NOT NULL,
    price_date    DATE          NOT NULL,
    open_price    NUMERIC(20,8),
    high_price    NUMERIC(20,8),
    low_price     NUMERIC(20,8),
    close_price   NUMERIC(20,8),
    volume        BIGINT,
    price_source  VARCHAR(20),
    loaded_at     TIMESTAMP     NOT NULL
);
