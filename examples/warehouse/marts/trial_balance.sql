-- Month-end trial balance rolled up to the top-level accounts of each legal entity.
CREATE TABLE mart.trial_balance AS
WITH month_ends AS (
    SELECT calendar_date AS period_end
    FROM stg.business_days
    WHERE is_month_end = TRUE
),
balances AS (
    SELECT m.period_end,
           g.account_id,
           SUM(g.debit_total) AS debit_total,
           SUM(g.credit_total) AS credit_total,
           SUM(g.daily_net_amount) AS closing_balance
    FROM month_ends m
    JOIN mart.gl_balances g
      ON g.entry_date <= m.period_end
    GROUP BY m.period_end, g.account_id
)
SELECT b.period_end,
       a.legal_entity,
       a.root_account_code,
       a.account_type,
       SUM(b.debit_total) AS debit_total,
       SUM(b.credit_total) AS credit_total,
       SUM(b.closing_balance) AS closing_balance
FROM balances b
JOIN mart.dim_account a
  ON a.account_id = b.account_id
GROUP BY b.period_end, a.legal_entity, a.root_account_code, a.account_type;
