package io.github.lineage.core.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code lineage flags} and the gauges report about each toggle, read from the same
 * client-features JSON the SDK's engine evaluates: the SDK exposes no strategy parameters, so the
 * rollout percentage is taken from the JSON here.
 */
final class ToggleDefinitions {

  static final String FLEXIBLE_ROLLOUT = "flexibleRollout";

  /**
   * One toggle as the server defines it.
   *
   * @param rolloutPercent the largest {@code rollout} of its flexibleRollout strategies, 100 when
   *     it has a strategy that is not a percentage (e.g. {@code default}) or no strategy at all, -1
   *     when it has only strategies whose percentage cannot be read
   */
  record Toggle(String name, boolean enabled, int rolloutPercent) {
    boolean onForSomeKeys() {
      return enabled && rolloutPercent != 0;
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ToggleDefinitions EMPTY = new ToggleDefinitions(Map.of());

  private final Map<String, Toggle> toggles;

  private ToggleDefinitions(Map<String, Toggle> toggles) {
    this.toggles = Map.copyOf(toggles);
  }

  static ToggleDefinitions empty() {
    return EMPTY;
  }

  /**
   * Parses Unleash's client-features format ({@code {"version": 2, "features": [...]}}).
   *
   * @throws IllegalArgumentException with a one-line reason when the text is not that format
   */
  static ToggleDefinitions parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not valid JSON (line " + e.getLocation().getLineNr() + "): " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.path("features").isArray()) {
      throw new IllegalArgumentException(
          "not an Unleash client-features document (no \"features\" array)");
    }
    Map<String, Toggle> toggles = new HashMap<>();
    for (JsonNode feature : root.get("features")) {
      String name = feature.path("name").asText("");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a feature without a \"name\"");
      }
      toggles.put(
          name, new Toggle(name, feature.path("enabled").asBoolean(false), rolloutOf(feature)));
    }
    return new ToggleDefinitions(toggles);
  }

  private static int rolloutOf(JsonNode feature) {
    JsonNode strategies = feature.path("strategies");
    if (!strategies.isArray() || strategies.isEmpty()) {
      // Unleash treats a toggle without strategies as on for everyone.
      return 100;
    }
    int best = -1;
    for (JsonNode strategy : strategies) {
      if (strategy.path("disabled").asBoolean(false)) {
        continue;
      }
      if (!FLEXIBLE_ROLLOUT.equals(strategy.path("name").asText())) {
        return 100;
      }
      Integer rollout = parsePercent(strategy.path("parameters").path("rollout"));
      if (rollout != null) {
        best = Math.max(best, rollout);
      }
    }
    return best;
  }

  private static Integer parsePercent(JsonNode node) {
    try {
      int value = node.isNumber() ? node.asInt() : Integer.parseInt(node.asText().trim());
      return Math.max(0, Math.min(100, value));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  Optional<Toggle> get(String name) {
    return Optional.ofNullable(toggles.get(name));
  }

  boolean defines(String name) {
    return toggles.containsKey(name);
  }

  int size() {
    return toggles.size();
  }
}
