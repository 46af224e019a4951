-- Regulatory and internal stress scenarios: a relative shock per asset class and currency.
CREATE TABLE IF NOT EXISTS raw.stress_scenarios (
    scenario_name VARCHAR(50)  NOT NULL,
    asset_class   VARCHAR(20)  NOT NULL,
    currency      CHAR(3),
    shock_pct     NUMERIC(9,4) NOT NULL,
    description   VARCHAR(500)
);
