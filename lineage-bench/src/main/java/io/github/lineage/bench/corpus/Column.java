package io.github.lineage.bench.corpus;

/**
 * A column of a generated table. {@code stem} is the business concept a measure carries ({@code
 * notional} for {@code notional_usd}), so derived columns get related names.
 */
record Column(String name, Kind kind, String stem) {

  enum Kind {
    KEY,
    DATE,
    MEASURE,
    ATTRIBUTE,
    AUDIT
  }

  static Column key(String name) {
    return new Column(name, Kind.KEY, name);
  }

  static Column measure(String name, String stem) {
    return new Column(name, Kind.MEASURE, stem);
  }

  static Column attribute(String name) {
    return new Column(name, Kind.ATTRIBUTE, name);
  }

  String sqlType() {
    return switch (kind) {
      case KEY ->
          switch (name) {
            case "currency_code" -> "CHAR(3)";
            case "trader_id" -> "VARCHAR(20)";
            default -> "INTEGER";
          };
      case DATE -> "DATE";
      case MEASURE -> "NUMERIC(20,4)";
      case ATTRIBUTE -> "VARCHAR(50)";
      case AUDIT -> "TIMESTAMP";
    };
  }
}
