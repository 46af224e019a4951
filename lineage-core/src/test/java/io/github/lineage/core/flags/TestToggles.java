package io.github.lineage.core.flags;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Builds client-features documents (the format of the bootstrap file and of the server's answer).
 */
final class TestToggles {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<Flag, Integer> rollouts = new EnumMap<>(Flag.class);
  private final Map<Flag, Boolean> enabled = new EnumMap<>(Flag.class);
  private final Map<Flag, Integer> legacyRollouts = new EnumMap<>(Flag.class);

  static TestToggles allAt(int percent) {
    TestToggles toggles = new TestToggles();
    for (Flag flag : Flag.values()) {
      toggles.rollout(flag, percent);
    }
    return toggles;
  }

  TestToggles rollout(Flag flag, int percent) {
    rollouts.put(flag, percent);
    enabled.putIfAbsent(flag, true);
    return this;
  }

  TestToggles disabled(Flag flag) {
    enabled.put(flag, false);
    return this;
  }

  /** Also defines the toggle under the flag's old name, enabled at {@code percent}. */
  TestToggles legacy(Flag flag, int percent) {
    legacyRollouts.put(flag, percent);
    return this;
  }

  TestToggles without(Flag flag) {
    rollouts.remove(flag);
    enabled.remove(flag);
    return this;
  }

  String json() {
    ObjectNode root = MAPPER.createObjectNode().put("version", 2);
    ArrayNode features = root.putArray("features");
    rollouts.forEach(
        (flag, percent) -> feature(features, flag, flag.toggleName(), enabled.get(flag), percent));
    legacyRollouts.forEach(
        (flag, percent) ->
            feature(features, flag, flag.legacyToggleName().orElseThrow(), true, percent));
    return root.toString();
  }

  private static void feature(
      ArrayNode features, Flag flag, String name, boolean enabled, int percent) {
    ObjectNode feature = features.addObject();
    feature.put("name", name).put("type", "release").put("enabled", enabled);
    ObjectNode strategy = feature.putArray("strategies").addObject().put("name", "flexibleRollout");
    strategy.putArray("constraints");
    strategy
        .putObject("parameters")
        .put("rollout", Integer.toString(percent))
        .put("stickiness", flag.stickiness() == Flag.Stickiness.FILE ? "path" : "default")
        .put("groupId", name);
    feature.putArray("variants");
  }

  Path writeTo(Path file) {
    try {
      Files.writeString(file, json());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
