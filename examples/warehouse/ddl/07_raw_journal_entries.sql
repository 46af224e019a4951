-- Journal lines exported nightly from the ledger; a journal has two or more lines
-- whose debits and credits balance.
CREATE TABLE IF NOT EXISTS raw.journal_entries (
    journal_id    BIGINT        NOT NULL,
    line_no       INTEGER       NOT NULL,
    entry_date    DATE          NOT NULL,
    posting_ts    TIMESTAMP     NOT NULL,
    account_id    INTEGER       NOT NULL,
    debit_amount  NUMERIC(20,2) DEFAULT 0,
    credit_amount NUMERIC(20,2) DEFAULT 0,
    currency      CHAR(3)       NOT NULL,
    description   VARCHAR(500),
    source_ref    VARCHAR(60),
    loaded_at     TIMESTAMP     NOT NULL
);
