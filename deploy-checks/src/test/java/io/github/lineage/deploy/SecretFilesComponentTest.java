package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/components/secret-files, used as its comment says: the example files copied to {@code *.env}
 * and filled in, the component in an overlay of one's own in place of external-secrets.
 */
class SecretFilesComponentTest {

  private static final String OVERLAY =
      """
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      namespace: lineage
      resources:
        - ../../base
      components:
        - ../../components/keda
        - ../../components/secret-files
      """;

  @TempDir Path tmp;

  @Test
  void shouldGenerateHashedSecretsFromTheLocalFilesAndPointThePodsAndTheScalerAtThem()
      throws IOException {
    Path k8s = copyTree(RepoFiles.path("k8s"), tmp.resolve("k8s"));
    Path files = k8s.resolve("components/secret-files");
    try (Stream<Path> examples = Files.list(files)) {
      for (Path example : examples.filter(p -> p.toString().endsWith(".env.example")).toList()) {
        String filled =
            Files.readString(example)
                .replace("PASSWORD=\n", "PASSWORD=s3cret\n")
                .replace("TOKEN=\n", "TOKEN=default:production.abc\n");
        Files.writeString(
            files.resolve(example.getFileName().toString().replace(".example", "")), filled);
      }
    }
    Path overlay = Files.createDirectories(k8s.resolve("overlays/mine"));
    Files.writeString(overlay.resolve("kustomization.yaml"), OVERLAY);

    RenderedManifests rendered =
        RenderedManifests.renderPath(overlay, "an overlay with secret-files");

    Set<String> secrets =
        rendered.all(Secret.class).stream()
            .map(s -> s.getMetadata().getName())
            .collect(Collectors.toSet());
    assertThat(secrets)
        .hasSize(3)
        .allMatch(n -> n.matches("lineage-(kafka|neo4j|unleash)-[a-z0-9]{10}"));
    String kafka =
        secrets.stream().filter(n -> n.startsWith("lineage-kafka-")).findFirst().orElseThrow();
    assertThat(rendered.secretKeys().get(kafka))
        .containsExactlyInAnyOrder("KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD");
    List<String> podRefs =
        Stream.concat(
                rendered.all(Deployment.class).stream().map(d -> d.getSpec().getTemplate()),
                rendered.all(StatefulSet.class).stream().map(s -> s.getSpec().getTemplate()))
            .flatMap(t -> t.getSpec().getContainers().get(0).getEnvFrom().stream())
            .map(EnvFromSource::getSecretRef)
            .filter(r -> r != null)
            .map(r -> r.getName())
            .toList();
    assertThat(podRefs).isNotEmpty().allMatch(secrets::contains);
    JsonNode auth = rendered.ofKind("TriggerAuthentication").get(0);
    auth.at("/spec/secretTargetRef")
        .forEach(ref -> assertThat(ref.path("name").asText()).isEqualTo(kafka));
  }

  @Test
  void shouldRefuseToRenderWithoutTheLocalFilesRatherThanShipAPlaceholder() throws IOException {
    Path k8s = copyTree(RepoFiles.path("k8s"), tmp.resolve("k8s"));
    Path overlay = Files.createDirectories(k8s.resolve("overlays/mine"));
    Files.writeString(overlay.resolve("kustomization.yaml"), OVERLAY);
    ExternalTool kubectl = ExternalTool.require("kubectl", "install kubectl");
    ExternalTool.Result result = kubectl.run("kustomize", overlay.toString());
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("kafka.env");
  }

  private static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path source : all.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!isLocalCredential(from.relativize(source))) {
          Files.copy(source, target);
        }
      }
    }
    return to;
  }

  /** A filled-in file of a developer's checkout (gitignored): a clean clone has none. */
  private static boolean isLocalCredential(Path relative) {
    return relative.startsWith("components/secret-files") && relative.toString().endsWith(".env");
  }
}
