-- Small reference tables maintained by hand by the data team: books, the business
-- calendar and corporate actions. Several statements in one file on purpose.

CREATE TABLE IF NOT EXISTS raw.books (
    book_id        INTEGER      NOT NULL,
    book_name      VARCHAR(100) NOT NULL,
    desk           VARCHAR(50)  NOT NULL,
    legal_entity   VARCHAR(20)  NOT NULL,
    head_trader_id VARCHAR(20),
    base_currency  CHAR(3)      NOT NULL,
    is_active      BOOLEAN      NOT NULL
);

CREATE TABLE IF NOT EXISTS raw.calendar (
    calendar_date   DATE     NOT NULL,
    is_business_day BOOLEAN  NOT NULL,
    is_month_end    BOOLEAN  NOT NULL,
    fiscal_year     SMALLINT NOT NULL,
    fiscal_quarter  SMALLINT NOT NULL,
    PRIMARY KEY (calendar_date)
);

CREATE TABLE IF NOT EXISTS raw.corporate_actions (
    action_id     BIGINT        NOT NULL,
    instrument_id INTEGER       NOT NULL,
    ex_date       DATE          NOT NULL,
    action_type   VARCHAR(12)   NOT NULL,  -- SPLIT, DIVIDEND
    split_ratio   NUMERIC(12,6),
    cash_amount   NUMERIC(20,8),
    currency      CHAR(3)
);
