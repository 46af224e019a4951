package io.github.lineage.core.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.RenamedFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the guard's rules file ({@code LINEAGE_GUARD_RULES}, YAML):
 *
 * <pre>
 * rules:
 *   - name: parse-cache-mismatch
 *     flag: lineage.parse-cache      # or all
 *     signal: lineage_mismatch       # failure_rate | latency_p95 | lag | lineage_mismatch
 *     compare: cohort                # or absolute
 *     threshold: 0.01
 *     for: 10s
 *     action: disable_flag           # or disable_all
 *     window: 60s                    # optional
 *     min_samples: 1                 # optional
 * </pre>
 *
 * Every mistake is a {@link ConfigException} naming the file, the rule and the key, so a process
 * with a bad rules file does not start.
 */
public final class GuardRules {

  public static final String ENV = "LINEAGE_GUARD_RULES";

  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "flag",
          "signal",
          "compare",
          "threshold",
          "for",
          "action",
          "window",
          "min_samples");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private GuardRules() {}

  /** The rules of {@code LINEAGE_GUARD_RULES}, or none (no guard) when it is not set. */
  public static List<GuardRule> from(EnvReader env) {
    return env.optional(ENV).map(p -> load(Path.of(p))).orElse(List.of());
  }

  public static List<GuardRule> load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(ENV + ": cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(text);
    } catch (ConfigException e) {
      throw new ConfigException(ENV + " " + file + ": " + e.getMessage(), e);
    }
  }

  static List<GuardRule> parse(String yaml) {
    return parse(yaml, RenamedFlags.process());
  }

  /** As {@link #parse(String)}, with a renamed flag's old name warned about to {@code renamed}. */
  static List<GuardRule> parse(String yaml, RenamedFlags renamed) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ConfigException("not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path("rules").isArray()) {
      throw new ConfigException("expected a top-level list 'rules:'");
    }
    List<GuardRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode node : root.path("rules")) {
      GuardRule rule = rule(node, index++, renamed);
      if (!names.add(rule.name())) {
        throw new ConfigException("two rules named '" + rule.name() + "'");
      }
      rules.add(rule);
    }
    return List.copyOf(rules);
  }

  private static GuardRule rule(JsonNode node, int index, RenamedFlags renamed) {
    if (!node.isObject()) {
      throw new ConfigException("rule #" + (index + 1) + " is not a mapping");
    }
    String name = node.path("name").asText("");
    String where = name.isBlank() ? "rule #" + (index + 1) : "rule '" + name + "'";
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new ConfigException(
            where + ": unknown key '" + key + "' (known: " + String.join(", ", KEYS) + ")");
      }
    }
    if (name.isBlank()) {
      throw new ConfigException(where + ": 'name' is missing");
    }
    String flagText = required(node, "flag", where);
    Optional<Flag> flag;
    if (flagText.equals("all")) {
      flag = Optional.empty();
    } else {
      try {
        flag = Optional.of(renamed.byToggleName(flagText, ENV + " " + where));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            where + ": unknown flag '" + flagText + "' (a lineage.* toggle or all)");
      }
    }
    JsonNode threshold = node.path("threshold");
    if (!threshold.isNumber()) {
      throw new ConfigException(where + ": 'threshold' must be a number");
    }
    int minSamples = node.has("min_samples") ? node.path("min_samples").asInt(0) : 20;
    return new GuardRule(
        name,
        flag,
        choice(GuardRule.Signal.class, required(node, "signal", where), "signal", where),
        choice(GuardRule.Compare.class, required(node, "compare", where), "compare", where),
        threshold.asDouble(),
        duration(required(node, "for", where), "for", where),
        choice(GuardRule.Action.class, required(node, "action", where), "action", where),
        node.has("window")
            ? duration(node.path("window").asText(), "window", where)
            : DEFAULT_WINDOW,
        minSamples);
  }

  private static String required(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw new ConfigException(where + ": '" + key + "' is missing");
    }
    return value.asText().trim();
  }

  private static <E extends Enum<E>> E choice(
      Class<E> type, String text, String key, String where) {
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> allowed = new ArrayList<>();
      for (E value : type.getEnumConstants()) {
        allowed.add(value.name().toLowerCase(Locale.ROOT));
      }
      throw new ConfigException(where + ": " + key + " '" + text + "' is not one of " + allowed);
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
  static Duration duration(String text, String key, String where) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new ConfigException(
          where + ": '" + key + "' must be a duration like 30s, 5m, 500ms, 1h; got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
