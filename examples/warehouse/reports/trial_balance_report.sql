-- Trial balance per legal entity with a total line per entity (UNION ALL).
CREATE TABLE rpt.trial_balance_report AS
SELECT period_end,
       legal_entity,
       root_account_code AS account_group,
       account_type,
       debit_total,
       credit_total,
       closing_balance
FROM mart.trial_balance
UNION ALL
SELECT period_end,
       legal_entity,
       'TOTAL',
       NULL,
       SUM(debit_total),
       SUM(credit_total),
       SUM(closing_balance)
FROM mart.trial_balance
GROUP BY period_end, legal_entity;
