package io.github.lineage.cli.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.metrics.PromQl;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the shipped dashboard and alert expressions into instant queries a short-lived test
 * Prometheus can answer, and finds the metric names they select. {@code PromExpressionsTest} pins
 * it.
 */
final class PromExpressions {

  /** A panel query of the dashboard. */
  record PanelTarget(String panel, String refId, String expr) {}

  /** Grafana's interval variables become this range: several scrapes at a 1 s interval. */
  static final String RANGE = "30s";

  /** An alert's {@code offset 1h} becomes this: a test Prometheus has no hour of history. */
  static final String OFFSET = "20s";

  private static final Pattern GRAFANA_INTERVAL =
      Pattern.compile("\\$\\{?__(rate_interval|interval|range)(_ms|_s)?}?");
  private static final Pattern GRAFANA_VARIABLE =
      Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*(?::[a-z]+)?}?");
  private static final Pattern OFFSET_CLAUSE =
      Pattern.compile("\\boffset\\s+-?(?:[0-9]+[smhdwy])+");

  private PromExpressions() {}

  /** Every query of every panel, rows' nested panels included. */
  static List<PanelTarget> dashboardTargets(JsonNode dashboard) {
    List<PanelTarget> targets = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      collect(panel, targets);
      panel.path("panels").forEach(nested -> collect(nested, targets));
    }
    return targets;
  }

  private static void collect(JsonNode panel, List<PanelTarget> into) {
    for (JsonNode target : panel.path("targets")) {
      String expr = target.path("expr").asText();
      if (!expr.isBlank()) {
        into.add(
            new PanelTarget(panel.path("title").asText(), target.path("refId").asText(), expr));
      }
    }
  }

  /**
   * {@code $__rate_interval} and friends become {@link #RANGE}; any other variable matches
   * everything.
   */
  static String withGrafanaVariables(String expr) {
    String s = GRAFANA_INTERVAL.matcher(expr).replaceAll(RANGE);
    return GRAFANA_VARIABLE.matcher(s).replaceAll(Matcher.quoteReplacement(".*"));
  }

  /**
   * The alert condition without its thresholds: every comparison gets the {@code bool} modifier, so
   * it yields 0 or 1 per series instead of filtering, and the result is empty only when the series
   * the alert evaluates are missing. {@code offset 1h} becomes {@link #OFFSET}.
   */
  static String withoutThresholds(String expr) {
    String s = OFFSET_CLAUSE.matcher(expr).replaceAll("offset " + OFFSET);
    StringBuilder out = new StringBuilder();
    int braces = 0;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        out.append(c);
        if (c == '\\' && i + 1 < s.length()) {
          out.append(s.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '"' || c == '\'' || c == '`') {
        quote = c;
        out.append(c);
        continue;
      }
      if (c == '{') {
        braces++;
      } else if (c == '}') {
        braces--;
      }
      int opLength = braces == 0 ? comparisonAt(s, i) : 0;
      if (opLength == 0) {
        out.append(c);
        continue;
      }
      out.append(s, i, i + opLength);
      i += opLength - 1;
      if (!s.substring(i + 1).stripLeading().startsWith("bool")) {
        out.append(" bool");
      }
    }
    return out.toString();
  }

  /** Length of the comparison operator at {@code i} (outside label matchers), else 0. */
  private static int comparisonAt(String s, int i) {
    char c = s.charAt(i);
    char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
    if ((c == '=' || c == '!') && next == '=') {
      return 2;
    }
    if (c == '>' || c == '<') {
      return next == '=' ? 2 : 1;
    }
    return 0;
  }

  /**
   * The metric names an expression selects. Not a parser: it removes what cannot be a metric name
   * (strings, label matchers, ranges, grouping clauses, offsets, numbers, function calls,
   * keywords).
   */
  /** Metric names an expression reads (the PromQL scanner shared with deploy-checks). */
  static Set<String> metricNames(String expr) {
    return PromQl.metricNames(expr);
  }
}
