-- Counterparty reference data (from KYC) and the credit limits approved by Credit Risk.
CREATE TABLE IF NOT EXISTS raw.counterparties (
    counterparty_id        INTEGER      NOT NULL,
    lei                    VARCHAR(20)  NOT NULL,
    legal_name             VARCHAR(200) NOT NULL,
    country_code           CHAR(2),
    credit_rating          VARCHAR(5),
    sector                 VARCHAR(50),
    parent_counterparty_id INTEGER,
    is_active              BOOLEAN      NOT NULL,
    updated_at             TIMESTAMP    NOT NULL,
    PRIMARY KEY (counterparty_id)
);

CREATE TABLE IF NOT EXISTS raw.credit_limits (
    counterparty_id INTEGER       NOT NULL,
    limit_type      VARCHAR(20)   NOT NULL,   -- SETTLEMENT, PRE_SETTLEMENT
    limit_amount    NUMERIC(20,2) NOT NULL,
    currency        CHAR(3)       NOT NULL,
    valid_from      DATE          NOT NULL,
    valid_to        DATE,
    approved_by     VARCHAR(50)
);
