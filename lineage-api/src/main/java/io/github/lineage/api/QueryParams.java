package io.github.lineage.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one request's query string, checked against what its endpoint accepts: an
 * unknown or repeated parameter is a 400, so a typo ({@code dpeth=3}) never silently means the
 * default.
 */
final class QueryParams {

  private static final int MAX_QUERY_LENGTH = 16 * 1024;

  private final Map<String, List<String>> values;

  private QueryParams(Map<String, List<String>> values) {
    this.values = values;
  }

  static QueryParams parse(String rawQuery, Set<String> allowed, Set<String> repeatable) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      if (rawQuery.length() > MAX_QUERY_LENGTH) {
        throw new InvalidRequestException(
            "query string longer than " + MAX_QUERY_LENGTH + " characters");
      }
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (!allowed.contains(key)) {
          throw new InvalidRequestException(
              "unknown parameter '"
                  + key
                  + "' (this endpoint takes "
                  + String.join(", ", allowed.stream().sorted().toList())
                  + ")");
        }
        List<String> list = values.computeIfAbsent(key, k -> new ArrayList<>());
        if (!list.isEmpty() && !repeatable.contains(key)) {
          throw new InvalidRequestException("parameter '" + key + "' given more than once");
        }
        list.add(value);
      }
    }
    return new QueryParams(values);
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("malformed query string: " + e.getMessage());
    }
  }

  String required(String name) {
    List<String> list = values.get(name);
    if (list == null || list.get(0).isBlank()) {
      throw new InvalidRequestException("parameter '" + name + "' is required");
    }
    return list.get(0);
  }

  List<String> all(String name) {
    List<String> list = values.getOrDefault(name, List.of());
    if (list.isEmpty()) {
      throw new InvalidRequestException("parameter '" + name + "' is required");
    }
    return list;
  }

  int integer(String name, int fallback, int min, int max) {
    List<String> list = values.get(name);
    if (list == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(list.get(0).strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the bounds
    }
    throw new InvalidRequestException(
        name
            + " must be an integer between "
            + min
            + " and "
            + max
            + ", got '"
            + list.get(0)
            + "'");
  }

  boolean bool(String name) {
    List<String> list = values.get(name);
    if (list == null) {
      return false;
    }
    return switch (list.get(0).strip()) {
      case "", "true", "1" -> true;
      case "false", "0" -> false;
      default ->
          throw new InvalidRequestException(
              name + " must be true or false, got '" + list.get(0) + "'");
    };
  }
}
