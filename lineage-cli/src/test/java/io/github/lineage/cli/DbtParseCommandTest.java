package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lineage parse} on a dbt project: the bundled examples/dbt and a project mixed with plain
 * SQL.
 */
class DbtParseCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLE = Path.of("..", "examples", "dbt");

  @TempDir Path dir;

  private static List<JsonNode> docs(CliRunner.Run r) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : r.out().split("\n")) {
      if (!l.isBlank()) {
        out.add(JSON.readTree(l));
      }
    }
    return out;
  }

  /** One line per statement: {@code file kind target <- sources}, and one per column edge. */
  private static TreeSet<String> summary(List<JsonNode> docs) {
    TreeSet<String> out = new TreeSet<>();
    for (JsonNode d : docs) {
      String file = d.get("path").asText().replace(EXAMPLE.toString().replace('\\', '/') + "/", "");
      for (JsonNode s : d.get("statements")) {
        List<String> src = new ArrayList<>();
        s.get("sources").forEach(n -> src.add(n.asText()));
        src.sort(null);
        out.add(
            file
                + " "
                + s.get("kind").asText()
                + " "
                + s.get("targets").get(0).asText()
                + " <- "
                + src);
        for (JsonNode c : s.get("columns")) {
          List<String> cs = new ArrayList<>();
          c.get("sources").forEach(n -> cs.add(n.asText()));
          cs.sort(null);
          out.add("  " + c.get("target").asText() + " <- " + cs);
        }
      }
      if (!d.get("errors").isEmpty()) {
        out.add(file + " ERRORS " + d.get("errors"));
      }
    }
    return out;
  }

  @Test
  void shouldReportTheExampleProjectsModelsWithTheirExpectedLineage() throws Exception {
    CliRunner.Run r = CliRunner.lineage("parse", "--format", "json", EXAMPLE.toString());
    assertThat(r.exitCode()).isZero();
    List<JsonNode> docs = docs(r);
    assertThat(docs)
        .extracting(d -> d.get("path").asText().replace('\\', '/'))
        .allMatch(p -> p.contains("/models/"))
        .hasSize(8);
    assertThat(summary(docs))
        .contains(
            "models/staging/stg_trades.sql CREATE_VIEW analytics_stg.stg_trades <- [raw.trades]",
            "models/staging/stg_prices.sql CREATE_VIEW analytics_stg.stg_prices <- [raw.prices]",
            "models/staging/stg_fx_rates.sql CREATE_VIEW analytics_stg.stg_fx_rates <- [raw.fx_rates]",
            "models/staging/stg_instruments.sql CREATE_VIEW analytics_stg.instruments <- [raw.instruments]",
            "models/marts/fct_positions.sql CREATE_TABLE_AS analytics_mart.fct_positions <- [analytics_ref.book_desks,"
                + " analytics_stg.stg_fx_rates, analytics_stg.stg_prices, analytics_stg.stg_trades]",
            "  analytics_mart.fct_positions.market_value <- [analytics_stg.stg_fx_rates.rate,"
                + " analytics_stg.stg_prices.close_price, analytics_stg.stg_trades.quantity]",
            "  analytics_mart.fct_positions.desk_name <- [analytics_ref.book_desks.desk_name]",
            "models/marts/desk_exposure.sql CREATE_TABLE_AS analytics_mart.desk_exposure <- [analytics_mart.fct_positions,"
                + " analytics_stg.instruments, analytics_stg.stg_trades]",
            "  analytics_mart.desk_exposure.bond_exposure <- [analytics_mart.fct_positions.market_value,"
                + " analytics_stg.instruments.asset_class]",
            "models/marts/desks.sql CREATE_TABLE_AS analytics_mart.desks <- [analytics_ref.book_desks]",
            "  analytics_mart.desks.region <- [analytics_ref.book_desks.region]");
    // The ephemeral model has no statement of its own and no error; nothing errs.
    assertThat(summary(docs))
        .noneMatch(l -> l.contains("int_trades_priced") || l.contains("ERRORS"));
    assertThat(summary(docs).stream().filter(l -> !l.startsWith(" "))).hasSize(7);
  }

  @Test
  void shouldParsePlainSqlBesideADbtProjectAsBefore() throws Exception {
    Path project = Files.createDirectories(dir.resolve("proj/models"));
    Files.writeString(dir.resolve("proj/dbt_project.yml"), "name: p\n");
    Files.writeString(project.resolve("m.sql"), "select 1 as one");
    Files.createDirectories(dir.resolve("proj/macros"));
    Files.writeString(dir.resolve("proj/macros/x.sql"), "{% macro x() %}1{% endmacro %}");
    Files.writeString(dir.resolve("plain.sql"), "INSERT INTO mart.t SELECT a FROM raw.s;");
    CliRunner.Run r = CliRunner.lineage("parse", "--format", "json", dir.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(docs(r))
        .extracting(
            d ->
                d.get("path")
                    .asText()
                    .replace('\\', '/')
                    .replace(dir.toString().replace('\\', '/'), ""))
        .containsExactlyInAnyOrder("/proj/models/m.sql", "/plain.sql");
    assertThat(r.out()).contains("\"targets\":[\"public.m\"]").contains("\"targets\":[\"mart.t\"]");
  }

  @Test
  void shouldPrintAPackageMacroPlaceholderAsAWarningAndNoError() throws Exception {
    Path models = Files.createDirectories(dir.resolve("proj/models"));
    Files.writeString(dir.resolve("proj/dbt_project.yml"), "name: p\n");
    Files.writeString(
        models.resolve("m.sql"),
        "select id,\n  {{ dbt_utils.generate_surrogate_key(['id']) }} as k\nfrom raw.s");
    CliRunner.Run json = CliRunner.lineage("parse", "--format", "json", dir.toString());
    assertThat(json.exitCode()).isZero();
    JsonNode d = docs(json).get(0);
    assertThat(d.get("errors")).isEmpty();
    assertThat(d.get("statements").get(0).get("targets").get(0).asText()).isEqualTo("public.m");
    assertThat(d.get("warnings").get(0).get("message").asText())
        .isEqualTo(
            "models/m.sql:2: macro 'dbt_utils.generate_surrogate_key' is not available (package not vendored?): rendered as null");
    CliRunner.Run text = CliRunner.lineage("parse", dir.toString());
    assertThat(text.out())
        .contains("(1 statements, 0 errors)", "line 2 WARNING models/m.sql:2: macro 'dbt_utils");
  }
}
