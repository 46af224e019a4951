-- Journal lines signed by the account's normal balance:
-- signed_amount > 0 increases the account's balance.
CREATE TABLE IF NOT EXISTS stg.journal_lines (
    journal_id    BIGINT        NOT NULL,
    line_no       INTEGER       NOT NULL,
    entry_date    DATE          NOT NULL,
    account_id    INTEGER       NOT NULL,
    account_type  VARCHAR(10),
    signed_amount NUMERIC(20,2) NOT NULL,
    amount_abs    NUMERIC(20,2) NOT NULL,
    currency      CHAR(3)       NOT NULL,
    description   VARCHAR(500),
    source_ref    VARCHAR(60)
);

TRUNCATE TABLE stg.journal_lines;

INSERT INTO stg.journal_lines (
    journal_id, line_no, entry_date, account_id, account_type,
    signed_amount, amount_abs, currency, description, source_ref
)
SELECT j.journal_id,
       j.line_no,
       j.entry_date,
       j.account_id,
       a.account_type,
       CASE WHEN a.normal_balance = 'DEBIT'
            THEN COALESCE(j.debit_amount, 0) - COALESCE(j.credit_amount, 0)
            ELSE COALESCE(j.credit_amount, 0) - COALESCE(j.debit_amount, 0)
       END,
       ABS(COALESCE(j.debit_amount, 0) - COALESCE(j.credit_amount, 0)),
       j.currency,
       j.description,
       j.source_ref
FROM raw.journal_entries j
JOIN stg.accounts a
  ON a.account_id = j.account_id
-- WHERE j.source_ref NOT LIKE 'TEST%'  -- FROM old.journal_test_entries: disabled in 2023
WHERE j.entry_date >= DATE '2020-01-01';
