-- Chart of accounts with the normal balance side of each account type.
CREATE OR REPLACE VIEW stg.accounts AS
SELECT a.account_id,
       a.account_code,
       a.account_name,
       a.parent_account_id,
       a.account_type,
       CASE WHEN a.account_type IN ('ASSET', 'EXPENSE') THEN 'DEBIT' ELSE 'CREDIT' END AS normal_balance,
       a.currency,
       a.legal_entity,
       (a.closed_at IS NULL OR a.closed_at > CURRENT_DATE) AS is_open
FROM raw.accounts a;
