-- General-ledger chart of accounts. parent_account_id forms a tree that
-- staging/stg_account_hierarchy.sql walks with a recursive CTE.
CREATE TABLE IF NOT EXISTS raw.accounts (
    account_id        INTEGER      NOT NULL,
    account_code      VARCHAR(20)  NOT NULL,
    account_name      VARCHAR(200) NOT NULL,
    parent_account_id INTEGER,
    account_type      VARCHAR(10)  NOT NULL,  -- ASSET, LIABILITY, EQUITY, INCOME, EXPENSE
    currency          CHAR(3),
    legal_entity      VARCHAR(20),
    opened_at         DATE,
    closed_at         DATE,
    loaded_at         TIMESTAMP    NOT NULL,
    PRIMARY KEY (account_id)
);
