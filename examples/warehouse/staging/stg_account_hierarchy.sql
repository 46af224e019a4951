-- Account tree, flattened: every account with its root (top-level) account and its path.
-- A recursive CTE walks down from the roots.
CREATE TABLE stg.account_hierarchy AS
WITH RECURSIVE tree (account_id, account_code, account_type, root_account_id, root_account_code, account_path, depth) AS (
    SELECT a.account_id,
           a.account_code,
           a.account_type,
           a.account_id,
           a.account_code,
           CAST(a.account_code AS VARCHAR(1000)),
           1
    FROM raw.accounts a
    WHERE a.parent_account_id IS NULL
    UNION ALL
    SELECT c.account_id,
           c.account_code,
           c.account_type,
           t.root_account_id,
           t.root_account_code,
           t.account_path || ' > ' || c.account_code,
           t.depth + 1
    FROM raw.accounts c
    JOIN tree t
      ON c.parent_account_id = t.account_id
)
SELECT account_id,
       account_code,
       account_type,
       root_account_id,
       root_account_code,
       account_path,
       depth
FROM tree;
