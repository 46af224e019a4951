package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The output of {@code kubectl kustomize DIR}: each document as JSON tree and as typed resource.
 */
record RenderedManifests(String dir, List<JsonNode> documents, List<HasMetadata> resources) {

  /** The default (KEDA) and the HPA fallback variants. */
  static final String KEDA = "k8s";

  static final String HPA = "k8s/overlays/hpa";

  /** The namespace every namespaced object is deployed into. */
  static final String NAMESPACE = "lineage";

  /** Every variant a user can apply: k8s/ itself and each directory under k8s/overlays/. */
  static List<String> variants() {
    List<String> dirs = new ArrayList<>(List.of(KEDA));
    try (var overlays = java.nio.file.Files.list(RepoFiles.path("k8s/overlays"))) {
      overlays
          .filter(d -> java.nio.file.Files.isRegularFile(d.resolve("kustomization.yaml")))
          .map(d -> "k8s/overlays/" + d.getFileName())
          .sorted()
          .forEach(dirs::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dirs;
  }

  private static final Map<String, RenderedManifests> CACHE = new ConcurrentHashMap<>();

  static RenderedManifests render(String dir) {
    RenderedManifests cached = CACHE.get(dir);
    if (cached != null) {
      return cached;
    }
    RenderedManifests rendered = renderPath(RepoFiles.path(dir), dir);
    CACHE.put(dir, rendered);
    return rendered;
  }

  /** Renders a kustomization outside the repository (a test's own overlay, say). */
  static RenderedManifests renderPath(java.nio.file.Path dir, String label) {
    ExternalTool kubectl =
        ExternalTool.require("kubectl", "install kubectl (its built-in kustomize renders k8s/)");
    ExternalTool.Result result = kubectl.run("kustomize", dir.toString());
    assertThat(result.exitCode())
        .as("kubectl kustomize " + label + ":\n" + result.output())
        .isZero();
    List<JsonNode> docs = RepoFiles.yamlDocuments(result.output());
    List<HasMetadata> typed = new ArrayList<>();
    KubernetesSchema schema = new KubernetesSchema();
    for (JsonNode doc : docs) {
      KubernetesSchema.Validation validation = schema.validate(doc.toString(), java.util.Set.of());
      typed.add(validation.resource());
    }
    return new RenderedManifests(label, docs, typed);
  }

  /**
   * The Secrets the pods will find, by name, with their keys: those rendered as Secrets and those
   * an ExternalSecret makes (its target name, else its own name).
   */
  Map<String, java.util.Set<String>> secretKeys() {
    Map<String, java.util.Set<String>> keys = new java.util.TreeMap<>();
    for (io.fabric8.kubernetes.api.model.Secret secret :
        all(io.fabric8.kubernetes.api.model.Secret.class)) {
      java.util.Set<String> names = new java.util.TreeSet<>();
      if (secret.getStringData() != null) {
        names.addAll(secret.getStringData().keySet());
      }
      if (secret.getData() != null) {
        names.addAll(secret.getData().keySet());
      }
      keys.put(secret.getMetadata().getName(), names);
    }
    for (JsonNode external : ofKind("ExternalSecret")) {
      String name = external.at("/spec/target/name").asText(external.at("/metadata/name").asText());
      java.util.Set<String> names = new java.util.TreeSet<>();
      external.at("/spec/data").forEach(d -> names.add(d.path("secretKey").asText()));
      keys.put(name, names);
    }
    return keys;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    List<T> found = new ArrayList<>();
    for (HasMetadata resource : resources) {
      if (type.isInstance(resource)) {
        found.add(type.cast(resource));
      }
    }
    return found;
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(() -> new AssertionError(dir + ": no " + type.getSimpleName() + " " + name));
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
  }

  List<JsonNode> ofKind(String kind) {
    return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }
}
