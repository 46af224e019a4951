package io.github.lineage.core.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped bootstrap and the compose import file define the five toggles the same way. */
class ShippedTogglesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String expectedStickiness(Flag flag) {
    return flag.stickiness() == Flag.Stickiness.FILE ? UnleashFlags.PATH_PROPERTY : "default";
  }

  @Test
  void shouldShipABootstrapWithEveryToggleOnAtFullRollout() throws Exception {
    JsonNode root;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(BootstrapToggles.SHIPPED_RESOURCE)) {
      root = MAPPER.readTree(in);
    }
    assertThat(root.path("query").path("environment").asText()).isEqualTo("development");
    Map<String, JsonNode> features = new HashMap<>();
    root.path("features").forEach(f -> features.put(f.path("name").asText(), f));
    assertThat(features).hasSize(Flag.values().length);
    for (Flag flag : Flag.values()) {
      JsonNode feature = features.get(flag.toggleName());
      assertThat(feature.path("enabled").asBoolean()).as(flag.toggleName()).isTrue();
      JsonNode parameters = feature.path("strategies").get(0).path("parameters");
      assertThat(feature.path("strategies").get(0).path("name").asText())
          .isEqualTo("flexibleRollout");
      assertThat(parameters.path("rollout").asText()).isEqualTo("100");
      assertThat(parameters.path("stickiness").asText())
          .as(flag.toggleName())
          .isEqualTo(expectedStickiness(flag));
      assertThat(parameters.path("groupId").asText()).isEqualTo(flag.toggleName());
    }
  }

  @Test
  void shouldShipAnImportFileWithTheSameTogglesAndThePathContextField() throws Exception {
    Path file = Path.of("").toAbsolutePath().getParent().resolve("deploy/unleash/toggles.json");
    JsonNode root = MAPPER.readTree(Files.readString(file));
    assertThat(root.path("contextFields").get(0).path("name").asText())
        .isEqualTo(UnleashFlags.PATH_PROPERTY);
    assertThat(root.path("contextFields").get(0).path("stickiness").asBoolean()).isTrue();
    Map<String, JsonNode> strategies = new HashMap<>();
    root.path("featureStrategies").forEach(s -> strategies.put(s.path("featureName").asText(), s));
    Map<String, Boolean> enabled = new HashMap<>();
    root.path("featureEnvironments")
        .forEach(
            e -> {
              assertThat(e.path("environment").asText()).isEqualTo("development");
              enabled.put(e.path("name").asText(), e.path("enabled").asBoolean());
            });
    assertThat(root.path("features")).hasSize(Flag.values().length);
    for (Flag flag : Flag.values()) {
      assertThat(enabled).containsEntry(flag.toggleName(), true);
      JsonNode strategy = strategies.get(flag.toggleName());
      assertThat(strategy.path("name").asText()).isEqualTo("flexibleRollout");
      assertThat(strategy.path("parameters").path("rollout").asText()).isEqualTo("100");
      assertThat(strategy.path("parameters").path("stickiness").asText())
          .isEqualTo(expectedStickiness(flag));
    }
  }
}
