-- Start-of-day custody positions; intraday trades are rolled on top in marts/positions_daily.sql.
CREATE TABLE IF NOT EXISTS raw.positions_snapshot (
    snapshot_date DATE          NOT NULL,
    account_id    INTEGER       NOT NULL,
    instrument_id INTEGER       NOT NULL,
    book_id       INTEGER       NOT NULL,
    quantity      NUMERIC(20,4) NOT NULL,
    avg_cost      NUMERIC(20,8),
    custodian     VARCHAR(50),
    loaded_at     TIMESTAMP     NOT NULL
);
