package io.github.lineage.bench.corpus;

import java.util.List;

/**
 * Word pools of the synthetic financial warehouse. Every word was checked against JSqlParser 5.4's
 * reserved words (no {@code value}, {@code rank}, {@code returns}, {@code position}).
 */
final class Vocabulary {

  static final String DATE_COLUMN = "business_date";
  static final String AUDIT_COLUMN = "loaded_at";

  /** Schema and folder of each layer; layer 0 is the DDL-declared base. */
  static final List<String> SCHEMAS = List.of("raw", "stg", "core", "mart", "rpt");

  static final List<String> FOLDERS = List.of("ddl", "staging", "intermediate", "marts", "reports");

  static final List<String> DOMAINS =
      List.of(
          "trades",
          "positions",
          "prices",
          "fx",
          "ledger",
          "risk",
          "counterparties",
          "instruments",
          "accounts",
          "payments",
          "collateral",
          "settlements",
          "loans",
          "deposits",
          "fees",
          "margin",
          "liquidity",
          "capital");

  static final List<List<String>> NOUNS =
      List.of(
          List.of("feed", "extract", "events", "master", "snapshot", "ticks"),
          List.of("clean", "deduped", "normalised", "enriched", "conformed", "current"),
          List.of("daily", "by_book", "by_account", "history", "joined", "netted", "rollup"),
          List.of("daily_summary", "exposure", "pnl", "balances", "metrics", "kpis", "fact"),
          List.of("report", "dashboard", "extract", "summary", "monthly", "regulatory"));

  static final List<String> KEYS =
      List.of(
          "account_id",
          "instrument_id",
          "counterparty_id",
          "book_id",
          "trader_id",
          "portfolio_id",
          "legal_entity_id",
          "currency_code");

  static final List<String> MEASURES =
      List.of(
          "quantity",
          "price",
          "notional",
          "amount",
          "market_value",
          "cost_basis",
          "pnl",
          "exposure",
          "fee",
          "accrued_interest",
          "balance",
          "fx_rate",
          "volume",
          "delta_amount",
          "margin_amount",
          "collateral_value",
          "haircut",
          "principal",
          "interest",
          "tax_amount");

  static final List<String> MEASURE_SUFFIXES =
      List.of("usd", "local", "net", "gross", "adj", "total", "avg", "max", "min");

  static final List<String> ATTRIBUTES =
      List.of(
          "status",
          "region",
          "desk",
          "asset_class",
          "product_type",
          "credit_rating",
          "country_code",
          "sector",
          "channel",
          "source_system",
          "book_type",
          "settlement_type");

  static final List<String> EXCLUDED_VALUES =
      List.of("TEST", "CANCELLED", "DELETED", "REJECTED", "DUMMY", "N/A");

  /** Literals that look like table references: they must never become lineage. */
  static final List<String> DECOY_LITERALS =
      List.of(
          "FROM legacy.trades_v1", "raw.manual_upload", "see old.positions", "DELETE FROM tmp.x");

  static final List<String> OWNERS =
      List.of(
          "risk-engineering",
          "finance-data",
          "treasury-analytics",
          "market-data",
          "regulatory-reporting");

  private Vocabulary() {}
}
