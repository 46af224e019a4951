package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docker-compose.yml: parsed with Jackson YAML and checked for dangling references. */
class ComposeFileTest {

  static final String COMPOSE = "docker-compose.yml";
  private static final Set<String> CONDITIONS =
      Set.of("service_started", "service_healthy", "service_completed_successfully");

  /** Services running the project's image (built from the Dockerfile). */
  /** The image the project's Dockerfile builds, run by every lineage service. */
  static final String PROJECT_IMAGE = "lineage:local";

  static List<String> lineageServices(JsonNode compose) {
    List<String> names = new ArrayList<>();
    compose
        .path("services")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().has("build")
                  || PROJECT_IMAGE.equals(e.getValue().path("image").asText())) {
                names.add(e.getKey());
              }
            });
    return names;
  }

  private final JsonNode compose = RepoFiles.yaml(COMPOSE);
  private final JsonNode services = compose.path("services");

  @Test
  void shouldGiveEveryServiceAnImageOrABuild() {
    assertThat(services.size()).isPositive();
    List<String> missing = new ArrayList<>();
    services
        .properties()
        .forEach(
            e -> {
              if (!e.getValue().hasNonNull("image") && !e.getValue().hasNonNull("build")) {
                missing.add(e.getKey());
              }
            });
    assertThat(missing).as("services without image or build").isEmpty();
  }

  @Test
  void shouldRunTheWholeStackOfSpecSectionEight() {
    assertThat(image("kafka")).startsWith("apache/kafka:4.");
    assertThat(image("neo4j")).isEqualTo("neo4j:5.26-community");
    assertThat(image("postgres")).startsWith("postgres:");
    assertThat(image("unleash")).startsWith("unleashorg/unleash-server:");
    assertThat(image("prometheus")).startsWith("prom/prometheus:");
    assertThat(image("grafana")).startsWith("grafana/grafana:");
    Map<String, String> commands = new LinkedHashMap<>();
    for (String service : lineageServices(compose)) {
      commands.put(service, services.path(service).path("command").path(0).asText());
    }
    assertThat(commands.values())
        .containsExactlyInAnyOrderElementsOf(KnownSettings.SERVICE_COMMANDS);
    // KRaft, one node: no ZooKeeper anywhere.
    assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
        .isEqualTo("broker,controller");
    assertThat(services.has("zookeeper")).isFalse();
  }

  @Test
  void shouldBuildTheProjectImageOnceAndNeverPullIt() {
    List<String> building = new ArrayList<>();
    for (String service : lineageServices(compose)) {
      JsonNode spec = services.path(service);
      assertThat(spec.path("image").asText()).as(service + " image").isEqualTo(PROJECT_IMAGE);
      if (spec.has("build")) {
        building.add(service);
      } else {
        assertThat(spec.path("pull_policy").asText())
            .as(service + " pull_policy")
            .isEqualTo("never");
      }
    }
    assertThat(building).as("services building the project image").hasSize(1);
  }

  @Test
  void shouldStartTheServicesWithoutWaitingForUnleashWhoseFlagsFallBackToTheBootstrapFile() {
    for (String service : lineageServices(compose)) {
      assertThat(services.path(service).path("depends_on").has("unleash"))
          .as(service + " waits for unleash")
          .isFalse();
    }
  }

  @Test
  void shouldBuildTheProjectImageFromTheRepositoryDockerfile() {
    for (String service : lineageServices(compose)) {
      if (!services.path(service).has("build")) {
        continue;
      }
      JsonNode build = services.path(service).path("build");
      String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
      String dockerfile =
          build.isTextual() ? "Dockerfile" : build.path("dockerfile").asText("Dockerfile");
      assertThat(RepoFiles.path(context).resolve(dockerfile))
          .as(service + " build")
          .isRegularFile();
    }
  }

  @Test
  void shouldDependOnlyOnDeclaredServicesWithAHealthcheckWhenWaitingForHealth() {
    List<String> problems = new ArrayList<>();
    services
        .properties()
        .forEach(
            e -> {
              JsonNode dependsOn = e.getValue().path("depends_on");
              List<String> targets = new ArrayList<>();
              if (dependsOn.isArray()) {
                dependsOn.forEach(d -> targets.add(d.asText()));
              } else {
                dependsOn
                    .properties()
                    .forEach(
                        d -> {
                          targets.add(d.getKey());
                          String condition =
                              d.getValue().path("condition").asText("service_started");
                          if (!CONDITIONS.contains(condition)) {
                            problems.add(
                                e.getKey()
                                    + " -> "
                                    + d.getKey()
                                    + ": unknown condition "
                                    + condition);
                          }
                          if (condition.equals("service_healthy")
                              && !services.path(d.getKey()).has("healthcheck")) {
                            problems.add(
                                e.getKey()
                                    + " waits for "
                                    + d.getKey()
                                    + " to be healthy, which has no healthcheck");
                          }
                        });
              }
              for (String target : targets) {
                if (!services.has(target)) {
                  problems.add(e.getKey() + " depends on undeclared service " + target);
                }
              }
            });
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldGiveEveryServiceAHealthcheck() {
    List<String> missing = new ArrayList<>();
    services
        .properties()
        .forEach(
            e -> {
              if (e.getValue().path("healthcheck").path("test").isMissingNode()) {
                missing.add(e.getKey());
              }
            });
    assertThat(missing).as("services without healthcheck").isEmpty();
    for (String service : lineageServices(compose)) {
      assertThat(services.path(service).path("healthcheck").path("test").toString())
          .contains("/health");
    }
  }

  @Test
  void shouldMountOnlyFilesOfTheRepositoryAndDeclaredVolumes() {
    Set<String> declared = new TreeSet<>();
    compose.path("volumes").fieldNames().forEachRemaining(declared::add);
    List<String> problems = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    services
        .properties()
        .forEach(
            e -> {
              for (JsonNode volume : e.getValue().path("volumes")) {
                String source =
                    volume.isTextual()
                        ? volume.asText().split(":")[0]
                        : volume.path("source").asText();
                if (source.startsWith(".") || source.startsWith("/")) {
                  Path file = RepoFiles.root().resolve(source).normalize();
                  if (!file.startsWith(RepoFiles.root())) {
                    problems.add(
                        e.getKey() + ": mounts " + source + " from outside the repository");
                  } else if (!Files.exists(file)) {
                    problems.add(
                        e.getKey()
                            + ": mounts "
                            + source
                            + ", which does not exist in the repository");
                  }
                } else {
                  used.add(source);
                  if (!declared.contains(source)) {
                    problems.add(
                        e.getKey()
                            + ": named volume "
                            + source
                            + " is not declared under volumes:");
                  }
                }
              }
            });
    assertThat(problems).isEmpty();
    assertThat(used)
        .as("declared volumes no service uses")
        .containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void shouldConfigureTheServicesOnlyWithSettingsTheCodeReads() {
    Set<String> known = KnownSettings.envNames();
    List<String> unknown = new ArrayList<>();
    for (String service : lineageServices(compose)) {
      services
          .path(service)
          .path("environment")
          .fieldNames()
          .forEachRemaining(
              name -> {
                if (!KnownSettings.isKnown(name)) {
                  unknown.add(service + ": " + name);
                }
              });
    }
    assertThat(unknown).as("settings no code reads (known: %s)", known).isEmpty();
  }

  @Test
  void shouldPointTheServicesAtTheComposeServers() {
    for (String service : lineageServices(compose)) {
      JsonNode env = services.path(service).path("environment");
      assertThat(env.path("KAFKA_BOOTSTRAP_SERVERS").asText()).as(service).isEqualTo("kafka:9092");
      assertThat(host(env.path("UNLEASH_URL").asText())).as(service).isEqualTo("unleash");
      assertThat(env.path("UNLEASH_API_TOKEN").asText())
          .as(service)
          .isEqualTo(
              services
                  .path("unleash")
                  .path("environment")
                  .path("INIT_BACKEND_API_TOKENS")
                  .asText());
      if (env.has("NEO4J_URI")) {
        assertThat(host(env.path("NEO4J_URI").asText())).as(service).isEqualTo("neo4j");
        assertThat(env.path("NEO4J_USERNAME").asText() + "/" + env.path("NEO4J_PASSWORD").asText())
            .isEqualTo(services.path("neo4j").path("environment").path("NEO4J_AUTH").asText());
      }
    }
    assertThat(services.path("sink").path("environment").has("NEO4J_URI")).isTrue();
  }

  @Test
  void shouldImportTheUnleashTogglesFromTheRepository() {
    JsonNode unleash = services.path("unleash");
    assertThat(unleash.path("environment").path("IMPORT_FILE").asText())
        .isEqualTo("/unleash/toggles.json");
    assertThat(unleash.path("environment").path("IMPORT_DROP_BEFORE_IMPORT").asText())
        .isEqualTo("false");
    List<String> mounts = new ArrayList<>();
    unleash.path("volumes").forEach(v -> mounts.add(v.asText()));
    assertThat(mounts).contains("./deploy/unleash/toggles.json:/unleash/toggles.json:ro");
    assertThat(
            services.path("unleash").path("depends_on").path("postgres").path("condition").asText())
        .isEqualTo("service_healthy");
  }

  @Test
  void shouldWatchTheMountedExampleWarehouse() {
    JsonNode watcher = services.path("watcher");
    String dir = watcher.path("command").path(1).asText();
    List<String> mounts = new ArrayList<>();
    watcher.path("volumes").forEach(v -> mounts.add(v.asText()));
    assertThat(mounts).contains("./examples/warehouse:" + dir + ":ro");
  }

  @Test
  void shouldMountThePrometheusConfigAndRulesItReferences() {
    List<String> mounts = new ArrayList<>();
    services.path("prometheus").path("volumes").forEach(v -> mounts.add(v.asText()));
    assertThat(mounts)
        .contains(
            "./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
            "./prometheus/rules:/etc/prometheus/rules:ro");
    assertThat(RepoFiles.yaml(PrometheusFilesTest.CONFIG).path("rule_files").path(0).asText())
        .isEqualTo("rules/*.yml");
  }

  private String image(String service) {
    assertThat(services.has(service)).as("service " + service).isTrue();
    return services.path(service).path("image").asText();
  }

  private static String host(String uri) {
    return URI.create(uri).getHost();
  }
}
