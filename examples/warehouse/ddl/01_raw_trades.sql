-- Raw trade store: one row per trade as booked, plus the lifecycle events
-- (amendments and cancellations) that the OMS sends after booking.

CREATE TABLE IF NOT EXISTS raw.trades (
    trade_id        VARCHAR(40)   NOT NULL,
    trade_date      DATE          NOT NULL,
    trade_ts        TIMESTAMP     NOT NULL,
    account_id      INTEGER       NOT NULL,
    instrument_id   INTEGER       NOT NULL,
    counterparty_id INTEGER,
    side            VARCHAR(4)    NOT NULL,
    quantity        NUMERIC(20,4) NOT NULL,
    price           NUMERIC(20,8) NOT NULL,
    currency        CHAR(3)       NOT NULL,
    trader_id       VARCHAR(20),
    book_id         INTEGER       NOT NULL,
    status          VARCHAR(12)   NOT NULL,
    source_system   VARCHAR(20),
    loaded_at       TIMESTAMP     NOT NULL
);

CREATE TABLE IF NOT EXISTS raw.trade_events (
    event_id     BIGINT        NOT NULL,
    trade_id     VARCHAR(40)   NOT NULL,
    event_ts     TIMESTAMP     NOT NULL,
    event_type   VARCHAR(12)   NOT NULL,   -- 'AMEND' or 'CANCEL'
    new_quantity NUMERIC(20,4),
    new_price    NUMERIC(20,8),
    reason       VARCHAR(200),
    loaded_at    TIMESTAMP     NOT NULL
);

CREATE INDEX ix_raw_trades_trade_date ON raw.trades (trade_date);
