CREATE OR REPLACE VIEW mart.dim_account AS
SELECT a.account_id,
       a.account_code,
       a.account_name,
       a.account_type,
       a.normal_balance,
       h.root_account_code,
       h.account_path,
       h.depth AS hierarchy_depth,
       a.legal_entity
FROM stg.accounts a
JOIN stg.account_hierarchy h
  ON h.account_id = a.account_id
WHERE a.is_open;
