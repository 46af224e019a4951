package io.github.lineage.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka client properties of a deployment beyond {@code bootstrap.servers}: security (SASL
 * PLAIN, SCRAM, OAUTHBEARER; TLS and mTLS) and any other client setting. Every producer, consumer,
 * admin client and Streams application of the pipeline gets them through {@link
 * KafkaSettings#clientProperties()} (docs/operations.md, "Kafka client settings").
 *
 * <p>Read once at start-up from a properties file ({@value #ENV_FILE}, like the {@code
 * --command-config} of Kafka's tools) and from {@code KAFKA_}-prefixed environment variables
 * ({@code KAFKA_SECURITY_PROTOCOL} is {@code security.protocol}); a variable wins over the file.
 * {@code KAFKA_SASL_USERNAME} and {@code KAFKA_SASL_PASSWORD} build {@code sasl.jaas.config} for
 * PLAIN and SCRAM, so a password can live in a secret of its own (the same one KEDA reads).
 *
 * @param properties client property name to value, without {@code bootstrap.servers}
 * @param fileBootstrapServers {@code bootstrap.servers} of the file, used when {@code
 *     KAFKA_BOOTSTRAP_SERVERS} is not set (a Confluent Cloud client file carries it)
 */
public record KafkaClientConfig(
    Map<String, String> properties, Optional<String> fileBootstrapServers) {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaClientConfig.class);

  public static final String ENV_FILE = "KAFKA_CLIENT_CONFIG";
  public static final String ENV_SASL_USERNAME = "KAFKA_SASL_USERNAME";
  public static final String ENV_SASL_PASSWORD = "KAFKA_SASL_PASSWORD";
  static final String ENV_PREFIX = "KAFKA_";
  static final String REDACTED = "[redacted]";

  /**
   * {@code KAFKA_} variables that are not client properties: the pipeline's own settings, the
   * scripts' and JVM variables of a Kafka installation, and the service links Kubernetes injects
   * for a Service named {@code kafka} ({@code KAFKA_PORT=tcp://…}).
   */
  public static final Set<String> NOT_CLIENT_PROPERTIES =
      Set.of(
          KafkaSettings.ENV_BOOTSTRAP,
          KafkaSettings.ENV_PARTITIONS,
          KafkaSettings.ENV_REPLICATION,
          ENV_FILE,
          ENV_SASL_USERNAME,
          ENV_SASL_PASSWORD,
          "KAFKA_HOME",
          "KAFKA_VERSION",
          "KAFKA_OPTS",
          "KAFKA_HEAP_OPTS",
          "KAFKA_JVM_PERFORMANCE_OPTS",
          "KAFKA_JMX_OPTS",
          "KAFKA_LOG4J_OPTS",
          "KAFKA_GC_LOG_OPTS",
          "KAFKA_DEBUG",
          "KAFKA_CLUSTER_ID",
          "KAFKA_PORT");

  /** Prefixes of the same kind: topic settings of the pipeline, Kubernetes service links. */
  public static final List<String> NOT_CLIENT_PREFIXES =
      List.of("KAFKA_TOPIC_", "KAFKA_PORT_", "KAFKA_SERVICE_");

  private static final Set<String> SCRAM_OR_PLAIN =
      Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
  private static final List<ConfigDef> CLIENT_DEFS =
      List.of(
          ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef());

  public KafkaClientConfig {
    properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    fileBootstrapServers = fileBootstrapServers == null ? Optional.empty() : fileBootstrapServers;
  }

  /** No settings: a plaintext cluster without authentication. */
  public static KafkaClientConfig none() {
    return new KafkaClientConfig(Map.of(), Optional.empty());
  }

  public static KafkaClientConfig of(Map<String, String> properties) {
    return new KafkaClientConfig(properties, Optional.empty());
  }

  public static KafkaClientConfig from(EnvReader env) {
    Map<String, String> props = new TreeMap<>();
    Optional<String> fileBootstrap = Optional.empty();
    Optional<Path> file = env.optional(ENV_FILE).map(Path::of);
    if (file.isPresent()) {
      Properties loaded = load(file.get());
      for (String name : loaded.stringPropertyNames()) {
        props.put(name, loaded.getProperty(name).trim());
      }
      fileBootstrap =
          Optional.ofNullable(props.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }
    for (Map.Entry<String, String> e : env.withPrefix(ENV_PREFIX).entrySet()) {
      if (isClientProperty(e.getKey())) {
        String property = propertyName(e.getKey());
        if (!isKnown(property)) {
          LOG.warn(
              "{} sets {}, which no Kafka producer, consumer or admin client knows; passed on as it is",
              e.getKey(),
              property);
        }
        props.put(property, e.getValue());
      }
    }
    credentials(env, props).ifPresent(jaas -> props.put(SaslConfigs.SASL_JAAS_CONFIG, jaas));
    return new KafkaClientConfig(props, fileBootstrap);
  }

  /** True for a {@code KAFKA_} variable that names a client property, false for the exclusions. */
  public static boolean isClientProperty(String envName) {
    return envName.startsWith(ENV_PREFIX)
        && envName.length() > ENV_PREFIX.length()
        && !NOT_CLIENT_PROPERTIES.contains(envName)
        && NOT_CLIENT_PREFIXES.stream().noneMatch(envName::startsWith);
  }

  /** {@code KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}. */
  public static String propertyName(String envName) {
    return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** A property some Kafka producer, consumer or admin client defines. */
  public static boolean isKnown(String property) {
    return CLIENT_DEFS.stream().anyMatch(def -> def.names().contains(property));
  }

  /**
   * The JAAS line of {@code KAFKA_SASL_USERNAME}/{@code KAFKA_SASL_PASSWORD}, for PLAIN and SCRAM.
   */
  private static Optional<String> credentials(EnvReader env, Map<String, String> props) {
    Optional<String> user = env.optional(ENV_SASL_USERNAME);
    Optional<String> password = env.optionalUntrimmed(ENV_SASL_PASSWORD);
    if (user.isEmpty() && password.isEmpty()) {
      return Optional.empty();
    }
    if (user.isEmpty() || password.isEmpty()) {
      throw new ConfigException(
          ENV_SASL_USERNAME + " and " + ENV_SASL_PASSWORD + " must be set together");
    }
    if (props.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
      throw new ConfigException(
          ENV_SASL_USERNAME
              + " and sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG or "
              + ENV_FILE
              + ") are both set: use one");
    }
    String mechanism =
        props.getOrDefault(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM);
    String module =
        switch (mechanism.toUpperCase(Locale.ROOT)) {
          case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
          case "SCRAM-SHA-256", "SCRAM-SHA-512" ->
              "org.apache.kafka.common.security.scram.ScramLoginModule";
          default ->
              throw new ConfigException(
                  ENV_SASL_USERNAME
                      + " needs KAFKA_SASL_MECHANISM set to one of "
                      + new TreeSet<>(SCRAM_OR_PLAIN)
                      + ", got '"
                      + mechanism
                      + "'");
        };
    return Optional.of(
        module
            + " required username="
            + jaasQuoted(user.get())
            + " password="
            + jaasQuoted(password.get())
            + ";");
  }

  /**
   * A JAAS option value: double quotes, with backslash and quote escaped (Kafka's JaasConfig
   * parser).
   */
  static String jaasQuoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static Properties load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(ENV_FILE + " names " + file + ", which is not a readable file");
    }
    Properties loaded = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(in);
      return loaded;
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          ENV_FILE + " file " + file + " cannot be read as properties: " + e.getMessage(), e);
    }
  }

  /** Writes these properties into {@code props}. */
  void applyTo(Properties props) {
    props.putAll(properties);
  }

  public Optional<String> get(String property) {
    return Optional.ofNullable(properties.get(property));
  }

  /** {@code PLAINTEXT}, {@code SSL}, {@code SASL_SSL} or {@code SASL_PLAINTEXT}. */
  public String securityProtocol() {
    return get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
        .orElse(CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL)
        .toUpperCase(Locale.ROOT);
  }

  /**
   * For start-up lines and errors: {@code SASL_SSL/SCRAM-SHA-512}, {@code SSL}, {@code PLAINTEXT}.
   */
  public String describe() {
    String protocol = securityProtocol();
    return protocol.startsWith("SASL")
        ? protocol
            + "/"
            + get(SaslConfigs.SASL_MECHANISM).orElse(SaslConfigs.DEFAULT_SASL_MECHANISM)
        : protocol;
  }

  /**
   * A value that must never reach a log: a password, a JAAS line (it carries the password), a
   * secret or passphrase, private key material, or any property Kafka itself types as a password.
   */
  static boolean isSensitive(String property) {
    String p = property.toLowerCase(Locale.ROOT);
    if (p.contains("password")
        || p.contains("jaas")
        || p.contains("secret")
        || p.contains("passphrase")
        || p.contains("credential")
        || p.endsWith(".key")
        || p.contains("private.key")) {
      return true;
    }
    return CLIENT_DEFS.stream()
        .map(ConfigDef::configKeys)
        .map(keys -> keys.get(property))
        .anyMatch(key -> key != null && key.type == ConfigDef.Type.PASSWORD);
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((k, v) -> shown.put(k, isSensitive(k) ? REDACTED : v));
    return "KafkaClientConfig" + shown;
  }
}
