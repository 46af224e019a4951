CREATE OR REPLACE VIEW stg.stress_scenarios AS
SELECT scenario_name,
       asset_class,
       COALESCE(currency, 'ALL') AS currency,
       shock_pct / 100.0 AS shock,
       description
FROM raw.stress_scenarios;
