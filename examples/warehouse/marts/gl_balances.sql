-- Daily movements and running balances per GL account.
CREATE OR REPLACE VIEW mart.gl_balances AS
SELECT d.entry_date,
       d.account_id,
       d.currency,
       d.daily_net_amount,
       SUM(d.daily_net_amount) OVER (
           PARTITION BY d.account_id, d.currency
           ORDER BY d.entry_date
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
       ) AS running_balance,
       d.debit_total,
       d.credit_total
FROM (
    SELECT j.entry_date,
           j.account_id,
           j.currency,
           SUM(j.signed_amount) AS daily_net_amount,
           SUM(CASE WHEN j.signed_amount > 0 THEN j.amount_abs ELSE 0 END) AS debit_total,
           SUM(CASE WHEN j.signed_amount < 0 THEN j.amount_abs ELSE 0 END) AS credit_total
    FROM stg.journal_lines j
    GROUP BY j.entry_date, j.account_id, j.currency
) d;
