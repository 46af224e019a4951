package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The validator itself: it must reject what the API server would reject. */
class KubernetesSchemaTest {

  private final KubernetesSchema schema = new KubernetesSchema();

  private static final String DEPLOYMENT =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
       "spec": {"selector": {"matchLabels": {"a": "b"}},
                "template": {"metadata": {"labels": {"a": "b"}},
                             "spec": {"containers": [{"name": "c", "image": "i", %s}]}}}}
      """;

  @Test
  void shouldAcceptAValidDeployment() {
    String json = DEPLOYMENT.formatted("\"ports\": [{\"containerPort\": 8000}]");

    assertThat(schema.validate(json, Set.of()).violations()).isEmpty();
  }

  @Test
  void shouldRejectAMisspelledField() {
    String json =
        DEPLOYMENT.formatted(
            "\"livenesProbe\": {\"httpGet\": {\"path\": \"/health\", \"port\": 8000}}");

    assertThat(schema.validate(json, Set.of()).violations())
        .singleElement()
        .asString()
        .contains("containers[0]")
        .contains("livenesProbe");
  }

  @Test
  void shouldRejectAValueOfTheWrongType() {
    String json = DEPLOYMENT.formatted("\"ports\": [{\"containerPort\": \"eight thousand\"}]");

    assertThat(schema.validate(json, Set.of()).violations()).isNotEmpty();
  }

  @Test
  void shouldRejectAnUnknownKindUnlessAllowed() {
    String json =
        """
        {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "metadata": {"name": "s"}, "spec": {}}
        """;

    assertThat(schema.validate(json, Set.of()).violations())
        .singleElement()
        .asString()
        .contains("unknown kind");
    assertThat(schema.validate(json, Set.of("ScaledObject")).violations()).isEmpty();
  }
}
