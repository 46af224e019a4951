-- Landing tables: files dropped by upstream systems (OMS, security master, KYC)
-- are bulk-loaded here as-is by the ingestion tool. Nothing transforms them in place;
-- the raw/ jobs copy them into the typed raw.* tables.

CREATE TABLE IF NOT EXISTS landing.trade_feed (
    feed_id          BIGINT        NOT NULL,
    trade_ref        VARCHAR(40)   NOT NULL,
    trade_date       DATE          NOT NULL,
    exec_ts          TIMESTAMP     NOT NULL,
    account_id       INTEGER       NOT NULL,
    isin             VARCHAR(12)   NOT NULL,
    counterparty_lei VARCHAR(20),
    buy_sell         CHAR(1)       NOT NULL,
    qty              NUMERIC(20,4) NOT NULL,
    px               NUMERIC(20,8) NOT NULL,
    ccy              CHAR(3)       NOT NULL,
    trader_id        VARCHAR(20),
    book_id          INTEGER       NOT NULL,
    status           VARCHAR(12),
    source_system    VARCHAR(20),
    received_at      TIMESTAMP     NOT NULL,
    PRIMARY KEY (feed_id)
);

CREATE TABLE IF NOT EXISTS landing.instrument_master (
    instrument_id INTEGER      NOT NULL,
    isin          VARCHAR(12)  NOT NULL,
    ticker        VARCHAR(20),
    name          VARCHAR(200),
    asset_class   VARCHAR(20),
    sector        VARCHAR(50),
    ccy           CHAR(3),
    country       CHAR(2),
    issuer_lei    VARCHAR(20),
    maturity      DATE,
    coupon        NUMERIC(9,6),
    status        VARCHAR(10),
    feed_ts       TIMESTAMP    NOT NULL
);

CREATE TABLE IF NOT EXISTS landing.counterparty_feed (
    counterparty_id INTEGER      NOT NULL,
    lei             VARCHAR(20)  NOT NULL,
    legal_name      VARCHAR(200) NOT NULL,
    country         CHAR(2),
    rating_sp       VARCHAR(5),
    rating_moodys   VARCHAR(5),
    industry        VARCHAR(50),
    parent_lei      VARCHAR(20),
    status          VARCHAR(10),
    feed_ts         TIMESTAMP    NOT NULL
);
