package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaClientConfig;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.config.Neo4jSettings;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.metrics.OpsServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * k8s/: rendered with kubectl's kustomize, every document validated offline, then checked for
 * meaning.
 */
class KubernetesManifestsTest {

  private static final String WATCHER = "lineage-watcher";
  private static final String PARSER = "lineage-parser";
  private static final String SINK = "lineage-sink";
  private static final Set<String> KEDA_TRIGGER_FIELDS =
      Set.of(
          "bootstrapServers",
          "consumerGroup",
          "topic",
          "lagThreshold",
          "activationLagThreshold",
          "offsetResetPolicy",
          "allowIdleConsumers",
          "excludePersistentLag",
          "scaleToZeroOnInvalidOffset",
          "limitToPartitionsWithLag",
          "version",
          "tls",
          "sasl");
  private static final Set<String> SCALED_OBJECT_SPEC_FIELDS =
      Set.of(
          "scaleTargetRef",
          "pollingInterval",
          "cooldownPeriod",
          "initialCooldownPeriod",
          "idleReplicaCount",
          "minReplicaCount",
          "maxReplicaCount",
          "fallback",
          "advanced",
          "triggers");

  /** Kinds of the custom resources shipped, checked structurally here; true when namespaced. */
  private static final Map<String, Boolean> CUSTOM_KINDS =
      Map.of(
          "ScaledObject",
          true,
          "ScaledJob",
          true,
          "TriggerAuthentication",
          true,
          "ClusterTriggerAuthentication",
          false,
          "PodMonitor",
          true,
          "PrometheusRule",
          true,
          "ExternalSecret",
          true);

  private static final String KAFKA_SECRET = "lineage-kafka";

  /** KEDA's names of the SASL mechanisms (keda.sh, the kafka scaler). */
  private static final Map<String, String> KEDA_SASL =
      Map.of(
          "PLAIN",
          "plaintext",
          "SCRAM-SHA-256",
          "scram_sha256",
          "SCRAM-SHA-512",
          "scram_sha512",
          "OAUTHBEARER",
          "oauthbearer",
          "GSSAPI",
          "gssapi");

  @ParameterizedTest
  @ValueSource(strings = {RenderedManifests.KEDA, RenderedManifests.HPA})
  void shouldRenderOnlyDocumentsThatValidateAgainstTheKubernetesSchemas(String dir) {
    RenderedManifests rendered = RenderedManifests.render(dir);
    KubernetesSchema schema = new KubernetesSchema();
    List<String> violations = new ArrayList<>();
    for (JsonNode doc : rendered.documents()) {
      violations.addAll(schema.validate(doc.toString(), CUSTOM_KINDS.keySet()).violations());
    }
    assertThat(rendered.documents()).hasSizeGreaterThan(10);
    assertThat(violations).isEmpty();
  }

  /**
   * A namespaced object without a namespace lands in whatever namespace kubectl's context has: the
   * KEDA ScaledObjects once did, so the scaler never found their targets.
   */
  @ParameterizedTest
  @MethodSource("io.github.lineage.deploy.RenderedManifests#variants")
  void shouldPutEveryNamespacedObjectOfEveryVariantIntoTheNamespace(String dir) {
    RenderedManifests rendered = RenderedManifests.render(dir);
    List<String> problems = new ArrayList<>();
    for (HasMetadata resource : rendered.resources()) {
      String id = resource.getKind() + "/" + resource.getMetadata().getName();
      String namespace = resource.getMetadata().getNamespace();
      Boolean namespaced =
          resource instanceof GenericKubernetesResource
              ? CUSTOM_KINDS.get(resource.getKind())
              : Boolean.valueOf(resource instanceof Namespaced);
      if (namespaced == null) {
        problems.add(id + ": custom kind of unknown scope; add it to CUSTOM_KINDS");
      } else if (namespaced && !RenderedManifests.NAMESPACE.equals(namespace)) {
        problems.add(id + ": namespace " + namespace);
      } else if (!namespaced && namespace != null) {
        problems.add(id + ": cluster-scoped, yet namespace " + namespace);
      }
    }
    assertThat(problems).as(dir).isEmpty();
    assertThat(rendered.ofKind("Namespace"))
        .extracting(n -> n.at("/metadata/name").asText())
        .containsExactly(RenderedManifests.NAMESPACE);
  }

  @ParameterizedTest
  @ValueSource(strings = {RenderedManifests.KEDA, RenderedManifests.HPA})
  void shouldRunEachServiceWithProbesResourcesAndScrapeAnnotations(String dir) {
    RenderedManifests rendered = RenderedManifests.render(dir);
    Map<String, PodTemplateSpec> templates = workloads(rendered);
    assertThat(templates).containsOnlyKeys(WATCHER, PARSER, SINK);
    Map<String, String> commands = Map.of(WATCHER, "watch", PARSER, "parse-streams", SINK, "sink");
    List<String> problems = new ArrayList<>();
    templates.forEach(
        (name, template) -> {
          Map<String, String> annotations = template.getMetadata().getAnnotations();
          if (!"true".equals(annotations.get("prometheus.io/scrape"))
              || !String.valueOf(OpsServer.DEFAULT_PORT)
                  .equals(annotations.get("prometheus.io/port"))
              || !"/metrics".equals(annotations.get("prometheus.io/path"))) {
            problems.add(name + ": scrape annotations " + annotations);
          }
          Container c = template.getSpec().getContainers().get(0);
          if (!commands.get(name).equals(c.getArgs().get(0))) {
            problems.add(name + ": runs " + c.getArgs());
          }
          if (c.getPorts().stream()
              .noneMatch(
                  p ->
                      "http".equals(p.getName())
                          && p.getContainerPort() == OpsServer.DEFAULT_PORT)) {
            problems.add(name + ": no port http:" + OpsServer.DEFAULT_PORT);
          }
          if (c.getLivenessProbe() == null
              || !"/health".equals(c.getLivenessProbe().getHttpGet().getPath())) {
            problems.add(name + ": liveness probe is not GET /health");
          }
          if (c.getReadinessProbe() == null
              || !"/ready".equals(c.getReadinessProbe().getHttpGet().getPath())) {
            problems.add(name + ": readiness probe is not GET /ready");
          }
          for (String kind : List.of("cpu", "memory")) {
            if (!c.getResources().getRequests().containsKey(kind)) {
              problems.add(name + ": no " + kind + " request");
            }
          }
          if (!c.getResources().getLimits().containsKey("memory")) {
            problems.add(name + ": no memory limit");
          }
          if (!Boolean.TRUE.equals(template.getSpec().getSecurityContext().getRunAsNonRoot())) {
            problems.add(name + ": may run as root");
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldSelectTheirOwnPodsAndResolveEveryConfigReference() {
    RenderedManifests rendered = RenderedManifests.render(RenderedManifests.KEDA);
    Set<String> configMaps = names(rendered.all(ConfigMap.class));
    Set<String> secrets = rendered.secretKeys().keySet();
    List<String> problems = new ArrayList<>();
    workloads(rendered)
        .forEach(
            (name, template) -> {
              Map<String, String> selector = selector(rendered, name);
              if (selector.isEmpty()
                  || !template
                      .getMetadata()
                      .getLabels()
                      .entrySet()
                      .containsAll(selector.entrySet())) {
                problems.add(name + ": selector " + selector + " does not match its pod labels");
              }
              for (EnvFromSource from : template.getSpec().getContainers().get(0).getEnvFrom()) {
                if (from.getConfigMapRef() != null
                    && !configMaps.contains(from.getConfigMapRef().getName())) {
                  problems.add(name + ": no ConfigMap " + from.getConfigMapRef().getName());
                }
                if (from.getSecretRef() != null
                    && !secrets.contains(from.getSecretRef().getName())) {
                  problems.add(name + ": no Secret " + from.getSecretRef().getName());
                }
              }
            });
    assertThat(problems).isEmpty();
    assertThat(secretRefs(workloads(rendered).get(SINK)))
        .containsExactlyInAnyOrder(KAFKA_SECRET, "lineage-neo4j", "lineage-unleash");
    assertThat(secretRefs(workloads(rendered).get(PARSER)))
        .containsExactlyInAnyOrder(KAFKA_SECRET, "lineage-unleash");
    assertThat(secretRefs(workloads(rendered).get(WATCHER)))
        .containsExactlyInAnyOrder(KAFKA_SECRET, "lineage-unleash");
    Job topics = rendered.one(Job.class, "lineage-topics");
    assertThat(secretRefs(topics.getSpec().getTemplate())).containsExactly(KAFKA_SECRET);
  }

  @Test
  void shouldKeepTheParserStateOnAVolumeWithinFiveHundredTwelveMebibytes() {
    RenderedManifests rendered = RenderedManifests.render(RenderedManifests.KEDA);
    StatefulSet parser = rendered.one(StatefulSet.class, PARSER);
    Map<String, String> env = configEnv(rendered);
    String home =
        new LineageHome(java.nio.file.Path.of(env.get(LineageHome.ENV))).root().toString();
    String claim = parser.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
    Container container = parser.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getVolumeMounts())
        .anyMatch(m -> m.getName().equals(claim) && m.getMountPath().equals(home));
    BigDecimal limit =
        Quantity.getAmountInBytes(container.getResources().getLimits().get("memory"));
    assertThat(limit).isLessThanOrEqualTo(BigDecimal.valueOf(512L * 1024 * 1024));
    Service headless = rendered.one(Service.class, parser.getSpec().getServiceName());
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(rendered.one(Deployment.class, WATCHER).getSpec().getStrategy().getType())
        .isEqualTo("Recreate");
    assertThat(rendered.one(Deployment.class, WATCHER).getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void shouldLimitVoluntaryDisruptionsOfTheConsumerGroups() {
    RenderedManifests rendered = RenderedManifests.render(RenderedManifests.KEDA);
    Map<String, PodTemplateSpec> templates = workloads(rendered);
    List<String> covered = new ArrayList<>();
    for (PodDisruptionBudget pdb : rendered.all(PodDisruptionBudget.class)) {
      Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
      templates.forEach(
          (name, template) -> {
            if (template.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())) {
              covered.add(name);
            }
          });
      assertThat(pdb.getSpec().getMaxUnavailable().getIntVal())
          .as(pdb.getMetadata().getName())
          .isEqualTo(1);
    }
    assertThat(covered).containsExactlyInAnyOrder(PARSER, SINK);
  }

  /**
   * A Secret in the manifests is re-applied on every {@code kubectl apply -k} and overwrites the
   * real credential with whatever the repository holds: every variant takes them from the secret
   * store.
   */
  @ParameterizedTest
  @MethodSource("io.github.lineage.deploy.RenderedManifests#variants")
  void shouldTakeEveryCredentialFromTheSecretStoreAndShipNone(String dir) {
    RenderedManifests rendered = RenderedManifests.render(dir);
    assertThat(rendered.all(Secret.class)).as(dir).isEmpty();
    Map<String, Set<String>> keys = rendered.secretKeys();
    assertThat(keys.get(KAFKA_SECRET))
        .containsExactlyInAnyOrder(
            KafkaClientConfig.ENV_SASL_USERNAME, KafkaClientConfig.ENV_SASL_PASSWORD);
    assertThat(keys.get("lineage-neo4j"))
        .containsExactlyInAnyOrder(Neo4jSettings.ENV_USERNAME, Neo4jSettings.ENV_PASSWORD);
    assertThat(keys.get("lineage-unleash"))
        .containsExactlyInAnyOrder(
            io.github.lineage.core.flags.UnleashSettings.API_TOKEN, "UNLEASH_ADMIN_TOKEN");
    keys.forEach((name, names) -> assertThat(KnownSettings.envNames()).as(name).containsAll(names));
  }

  @Test
  void shouldConfigureOnlySettingsTheCodeReadsWithValidValues() {
    RenderedManifests rendered = RenderedManifests.render(RenderedManifests.KEDA);
    Map<String, String> env = configEnv(rendered);
    assertThat(env.keySet()).allMatch(KnownSettings::isKnown, "a setting the services read");
    EnvReader reader = new EnvReader(env);
    KafkaSettings kafka = KafkaSettings.from(reader);
    assertThat(kafka.partitions()).isEqualTo(Topics.DEFAULT_PARTITIONS);
    assertThat(kafka.client().describe()).isEqualTo("SASL_SSL/SCRAM-SHA-512");
    Neo4jSettings.from(reader); // throws on a malformed URI
    assertThat(env.get(OpsServer.ENV_PORT)).isEqualTo(String.valueOf(OpsServer.DEFAULT_PORT));
  }

  @Test
  void shouldCreateTheTopicsWithTheSettingsTheServicesWouldUse() {
    RenderedManifests rendered = RenderedManifests.render(RenderedManifests.KEDA);
    Job job = rendered.one(Job.class, "lineage-topics");
    Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    String script = String.join("\n", container.getArgs());
    assertThat(container.getEnvFrom()).anyMatch(f -> f.getConfigMapRef() != null);
    KafkaSettings kafka = KafkaSettings.from(new EnvReader(configEnv(rendered)));
    List<String> missing = new ArrayList<>();
    for (NewTopic topic : TopicProvisioner.topicsFor(kafka)) {
      topic
          .configs()
          .forEach(
              (key, value) -> {
                if (!script.contains("--config " + key + "=" + value)) {
                  missing.add(topic.name() + ": --config " + key + "=" + value);
                }
              });
    }
    assertThat(missing).isEmpty();
    assertThat(script)
        .contains(
            "create \"$TOPIC_FILE_CHANGES\" \"$KAFKA_TOPIC_PARTITIONS\"",
            "create \"$TOPIC_DOCUMENTS\" \"$KAFKA_TOPIC_PARTITIONS\"",
            "create \"$TOPIC_DLQ\" 1");
    List<String> calls = script.lines().filter(l -> l.contains("\"$topics\"")).toList();
    assertThat(calls).hasSize(2).allMatch(l -> l.contains("--command-config \"$config\""));
  }

  /**
   * The topics Job runs Kafka's own tools, not the services' code: its script must turn the same
   * environment into the same client properties as {@link KafkaClientConfig}, or it cannot reach
   * the cluster the services reach.
   */
  @Test
  void shouldGiveTheTopicsJobTheClientSettingsOfTheServices(@TempDir Path tmp) throws Exception {
    Job job = RenderedManifests.render(RenderedManifests.KEDA).one(Job.class, "lineage-topics");
    String script =
        String.join("\n", job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
    String marker = "# end of client settings";
    assertThat(script).contains(marker);
    for (String excluded : KafkaClientConfig.NOT_CLIENT_PROPERTIES) {
      assertThat(script).as("the Job's exclusions").containsPattern("[ |]" + excluded + "[|)]");
    }
    for (String prefix : KafkaClientConfig.NOT_CLIENT_PREFIXES) {
      assertThat(script).as("the Job's exclusions").contains(prefix + "*");
    }
    Path out = tmp.resolve("client.properties");
    Map<String, String> env = new HashMap<>();
    env.put("CLIENT_CONFIG_OUT", out.toString());
    env.put("KAFKA_BOOTSTRAP_SERVERS", "broker:9096");
    env.put("KAFKA_TOPIC_PARTITIONS", "6");
    env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
    env.put("KAFKA_SASL_USERNAME", "lineage");
    env.put("KAFKA_SASL_PASSWORD", "p@ss \"quoted\" back\\slash");
    env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka-ca/ca.p12");
    env.put("KAFKA_PORT", "tcp://10.0.0.7:9092");
    ExternalTool.Result result =
        ExternalTool.exec(
            List.of(
                "/bin/bash", "-euo", "pipefail", "-c", script.substring(0, script.indexOf(marker))),
            env,
            java.time.Duration.ofSeconds(30));
    assertThat(result.exitCode()).as(result.output()).isZero();
    Properties written = new Properties();
    try (var in = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
      written.load(in);
    }
    Map<String, String> expected = KafkaClientConfig.from(new EnvReader(env)).properties();
    Map<String, String> actual = new java.util.TreeMap<>();
    written.stringPropertyNames().forEach(k -> actual.put(k, written.getProperty(k)));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void shouldScaleParserAndSinkOnConsumerLagWithKeda() {
    RenderedManifests rendered = RenderedManifests.render(RenderedManifests.KEDA);
    Map<String, String> env = configEnv(rendered);
    Map<String, String> topicOf =
        Map.of(PARSER, env.get("TOPIC_FILE_CHANGES"), SINK, env.get("TOPIC_DOCUMENTS"));
    Map<String, String> groupOf =
        Map.of(
            PARSER,
            KnownSettings.CONSUMER_GROUPS.get("parse-streams"),
            SINK,
            KnownSettings.CONSUMER_GROUPS.get("sink"));
    List<JsonNode> scaledObjects = rendered.ofKind("ScaledObject");
    assertThat(rendered.all(HorizontalPodAutoscaler.class))
        .as("KEDA owns the HPAs itself")
        .isEmpty();
    List<String> targets = new ArrayList<>();
    for (JsonNode so : scaledObjects) {
      assertThat(so.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
      JsonNode spec = so.path("spec");
      spec.fieldNames()
          .forEachRemaining(
              f -> assertThat(SCALED_OBJECT_SPEC_FIELDS).as("ScaledObject spec field").contains(f));
      JsonNode ref = spec.path("scaleTargetRef");
      String target = ref.path("name").asText();
      targets.add(target);
      assertThat(kindOf(rendered, target))
          .as("scaleTargetRef " + ref)
          .isEqualTo(ref.path("kind").asText());
      assertThat(ref.path("apiVersion").asText()).isEqualTo("apps/v1");
      assertThat(spec.path("minReplicaCount").asInt())
          .isBetween(1, spec.path("maxReplicaCount").asInt());
      assertThat(spec.path("maxReplicaCount").asInt() * workers(env))
          .as("replicas x INGEST_WORKERS beyond the partitions idle")
          .isLessThanOrEqualTo(KafkaSettings.from(new EnvReader(env)).partitions());
      assertThat(
              spec.at(
                      "/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown/stabilizationWindowSeconds")
                  .asInt())
          .as("scale-down stabilization (rebalances)")
          .isGreaterThanOrEqualTo(60);
      JsonNode trigger = spec.path("triggers").get(0);
      assertThat(spec.path("triggers")).hasSize(1);
      assertThat(trigger.path("type").asText()).isEqualTo("kafka");
      JsonNode metadata = trigger.path("metadata");
      metadata
          .fieldNames()
          .forEachRemaining(
              f -> assertThat(KEDA_TRIGGER_FIELDS).as("kafka trigger field").contains(f));
      metadata
          .properties()
          .forEach(
              f ->
                  assertThat(f.getValue().isTextual())
                      .as("KEDA metadata values are strings: " + f.getKey())
                      .isTrue());
      assertThat(metadata.path("bootstrapServers").asText())
          .isEqualTo(env.get(KafkaSettings.ENV_BOOTSTRAP));
      assertKafkaScalerLogsInAsThePods(rendered, env, trigger);
      assertThat(metadata.path("consumerGroup").asText()).isEqualTo(groupOf.get(target));
      assertThat(metadata.path("topic").asText()).isEqualTo(topicOf.get(target));
      assertThat(Integer.parseInt(metadata.path("lagThreshold").asText())).isPositive();
    }
    assertThat(targets).containsExactlyInAnyOrder(PARSER, SINK);
  }

  @Test
  void shouldFallBackToHpasThatDoNotFlapOnRebalances() {
    RenderedManifests rendered = RenderedManifests.render(RenderedManifests.HPA);
    assertThat(rendered.ofKind("ScaledObject")).isEmpty();
    List<String> targets = new ArrayList<>();
    for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
      var spec = hpa.getSpec();
      targets.add(spec.getScaleTargetRef().getName());
      assertThat(kindOf(rendered, spec.getScaleTargetRef().getName()))
          .isEqualTo(spec.getScaleTargetRef().getKind());
      assertThat(spec.getMaxReplicas() * workers(configEnv(rendered)))
          .as("replicas x INGEST_WORKERS beyond the partitions idle")
          .isLessThanOrEqualTo(KafkaSettings.from(new EnvReader(configEnv(rendered))).partitions());
      assertThat(spec.getBehavior().getScaleDown().getStabilizationWindowSeconds())
          .isGreaterThanOrEqualTo(60);
      assertThat(spec.getMetrics())
          .anyMatch(
              m -> m.getPods() != null && m.getPods().getMetric().getName().equals("queue_size"));
    }
    assertThat(targets).containsExactlyInAnyOrder(PARSER, SINK);
    assertThat(EmittedMetrics.isEmitted("queue_size")).isTrue();
  }

  /**
   * The scaler speaks the pods' protocol (sasl, tls from lineage.env) and logs in with their
   * credentials: a TriggerAuthentication whose username and password are the keys of the Secret the
   * pods read.
   */
  private static void assertKafkaScalerLogsInAsThePods(
      RenderedManifests rendered, Map<String, String> env, JsonNode trigger) {
    JsonNode metadata = trigger.path("metadata");
    String protocol = env.getOrDefault("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
    assertThat(metadata.path("tls").asText("disable"))
        .as("tls of " + protocol)
        .isEqualTo(protocol.endsWith("SSL") ? "enable" : "disable");
    if (!protocol.startsWith("SASL")) {
      return;
    }
    assertThat(metadata.path("sasl").asText())
        .as("sasl")
        .isEqualTo(KEDA_SASL.get(env.get("KAFKA_SASL_MECHANISM")));
    String authName = trigger.at("/authenticationRef/name").asText();
    JsonNode auth =
        rendered.ofKind("TriggerAuthentication").stream()
            .filter(a -> a.at("/metadata/name").asText().equals(authName))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no TriggerAuthentication " + authName));
    Map<String, String> keyOf = new HashMap<>();
    for (JsonNode ref : auth.at("/spec/secretTargetRef")) {
      assertThat(ref.path("name").asText()).as("the pods' Secret").isEqualTo(KAFKA_SECRET);
      keyOf.put(ref.path("parameter").asText(), ref.path("key").asText());
    }
    assertThat(keyOf)
        .containsEntry("username", KafkaClientConfig.ENV_SASL_USERNAME)
        .containsEntry("password", KafkaClientConfig.ENV_SASL_PASSWORD);
    assertThat(rendered.secretKeys().get(KAFKA_SECRET)).containsAll(keyOf.values());
  }

  /**
   * Consumers (sink) or stream threads (parser) per pod: INGEST_WORKERS, 4 when unset (SinkConfig,
   * ParserConfig).
   */
  private static int workers(Map<String, String> env) {
    return Integer.parseInt(env.getOrDefault("INGEST_WORKERS", "4"));
  }

  private static Map<String, PodTemplateSpec> workloads(RenderedManifests rendered) {
    Map<String, PodTemplateSpec> templates = new HashMap<>();
    rendered
        .all(Deployment.class)
        .forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
    rendered
        .all(StatefulSet.class)
        .forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
    return templates;
  }

  private static Map<String, String> selector(RenderedManifests rendered, String name) {
    return rendered
        .find(Deployment.class, name)
        .map(d -> d.getSpec().getSelector().getMatchLabels())
        .orElseGet(
            () -> rendered.one(StatefulSet.class, name).getSpec().getSelector().getMatchLabels());
  }

  private static String kindOf(RenderedManifests rendered, String name) {
    return rendered
        .find(Deployment.class, name)
        .map(HasMetadata::getKind)
        .or(() -> rendered.find(StatefulSet.class, name).map(HasMetadata::getKind))
        .orElse("missing");
  }

  private static Map<String, String> configEnv(RenderedManifests rendered) {
    List<ConfigMap> maps = rendered.all(ConfigMap.class);
    assertThat(maps).hasSize(1);
    return maps.get(0).getData();
  }

  private static List<String> secretRefs(PodTemplateSpec template) {
    return template.getSpec().getContainers().get(0).getEnvFrom().stream()
        .filter(f -> f.getSecretRef() != null)
        .map(f -> f.getSecretRef().getName())
        .toList();
  }

  private static Set<String> names(List<? extends HasMetadata> resources) {
    Set<String> names = new java.util.TreeSet<>();
    resources.forEach(r -> names.add(r.getMetadata().getName()));
    return names;
  }
}
