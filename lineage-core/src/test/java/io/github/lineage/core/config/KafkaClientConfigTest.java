package io.github.lineage.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"lineage\" password=\"s3cr3t-jaas\";";

  @Test
  void shouldTurnKafkaPrefixedVariablesIntoClientPropertiesOfEveryClient() {
    Properties props =
        KafkaSettings.from(
                env(
                    Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "broker:9096",
                        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "KAFKA_SASL_JAAS_CONFIG", JAAS,
                        "KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "https")))
            .clientProperties();

    assertThat(props)
        .containsEntry("bootstrap.servers", "broker:9096")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("ssl.endpoint.identification.algorithm", "https")
        .hasSize(5);
  }

  @Test
  void shouldNeverPassThePipelinesOwnSettingsOrForeignKafkaVariablesToTheClients() {
    Properties props =
        KafkaSettings.from(
                env(
                    Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                        "KAFKA_TOPIC_PARTITIONS", "6",
                        "KAFKA_TOPIC_REPLICATION_FACTOR", "3",
                        "KAFKA_HEAP_OPTS", "-Xmx1g",
                        "KAFKA_HOME", "/opt/kafka",
                        // Kubernetes service links of a Service named kafka in the namespace.
                        "KAFKA_PORT", "tcp://10.0.0.7:9092",
                        "KAFKA_PORT_9092_TCP_ADDR", "10.0.0.7",
                        "KAFKA_SERVICE_HOST", "10.0.0.7")))
            .clientProperties();

    assertThat(props).containsOnlyKeys("bootstrap.servers");
  }

  @Test
  void shouldReadACommandConfigFileAndLetVariablesWinOverIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        """
        # as downloaded from a managed Kafka's console
        bootstrap.servers=pkc-123.cloud:9092
        security.protocol=SASL_SSL
        sasl.mechanism=PLAIN
        sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="KEY" password="SECRET";
        client.dns.lookup=use_all_dns_ips
        """);

    KafkaSettings fromFile =
        KafkaSettings.from(
            env(
                Map.of(
                    "KAFKA_CLIENT_CONFIG", file.toString(), "KAFKA_CLIENT_DNS_LOOKUP", "default")));
    assertThat(fromFile.bootstrapServers()).isEqualTo("pkc-123.cloud:9092");
    assertThat(fromFile.clientProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("client.dns.lookup", "default")
        .containsEntry("bootstrap.servers", "pkc-123.cloud:9092");

    KafkaSettings overridden =
        KafkaSettings.from(
            env(
                Map.of(
                    "KAFKA_CLIENT_CONFIG",
                    file.toString(),
                    "KAFKA_BOOTSTRAP_SERVERS",
                    "other:9092")));
    assertThat(overridden.clientProperties()).containsEntry("bootstrap.servers", "other:9092");
  }

  @Test
  void shouldStopAtStartUpOnAMissingClientConfigFile(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                KafkaSettings.from(
                    env(Map.of("KAFKA_CLIENT_CONFIG", dir.resolve("nope").toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KAFKA_CLIENT_CONFIG")
        .hasMessageContaining("nope");
  }

  @Test
  void shouldBuildTheJaasLineOfScramAndPlainFromUsernameAndPassword() {
    Map<String, String> scram =
        KafkaClientConfig.from(
                env(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "KAFKA_SASL_MECHANISM",
                        "SCRAM-SHA-512",
                        "KAFKA_SASL_USERNAME",
                        "lineage",
                        "KAFKA_SASL_PASSWORD",
                        "p\"a\\ss")))
            .properties();
    assertThat(scram.get("sasl.jaas.config"))
        .isEqualTo(
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"lineage\" password=\"p\\\"a\\\\ss\";");
    assertThat(scram).doesNotContainKeys("sasl.username", "sasl.password");

    Map<String, String> plain =
        KafkaClientConfig.from(
                env(
                    Map.of(
                        "KAFKA_SASL_MECHANISM",
                        "PLAIN",
                        "KAFKA_SASL_USERNAME",
                        "KEY",
                        "KAFKA_SASL_PASSWORD",
                        "SECRET")))
            .properties();
    assertThat(plain.get("sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
  }

  @Test
  void shouldRefuseCredentialsItCannotTurnIntoOneJaasLine() {
    assertThatThrownBy(
            () ->
                KafkaClientConfig.from(
                    env(Map.of("KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KAFKA_SASL_MECHANISM");
    assertThatThrownBy(
            () ->
                KafkaClientConfig.from(
                    env(Map.of("KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", "u"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KAFKA_SASL_PASSWORD");
    assertThatThrownBy(
            () ->
                KafkaClientConfig.from(
                    env(
                        Map.of(
                            "KAFKA_SASL_MECHANISM",
                            "PLAIN",
                            "KAFKA_SASL_USERNAME",
                            "u",
                            "KAFKA_SASL_PASSWORD",
                            "p",
                            "KAFKA_SASL_JAAS_CONFIG",
                            JAAS))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("use one");
  }

  @Test
  void shouldRedactPasswordsJaasSecretsAndKeyMaterialWhenPrinted() {
    Map<String, String> vars = new HashMap<>();
    vars.put("KAFKA_BOOTSTRAP_SERVERS", "broker:9093");
    vars.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    vars.put("KAFKA_SASL_MECHANISM", "OAUTHBEARER");
    vars.put("KAFKA_SASL_JAAS_CONFIG", JAAS);
    vars.put("KAFKA_SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET", "s3cr3t-client");
    vars.put("KAFKA_SSL_KEYSTORE_PASSWORD", "s3cr3t-keystore");
    vars.put("KAFKA_SSL_KEY_PASSWORD", "s3cr3t-key");
    vars.put("KAFKA_SSL_KEYSTORE_KEY", "-----BEGIN PRIVATE KEY----- s3cr3t-pem");
    vars.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", "s3cr3t-truststore");
    KafkaSettings settings = KafkaSettings.from(env(vars));

    for (String printed : new String[] {settings.toString(), settings.client().toString()}) {
      assertThat(printed)
          .doesNotContain("s3cr3t")
          .contains("security.protocol=SASL_SSL")
          .contains("sasl.jaas.config=[redacted]")
          .contains("ssl.keystore.key=[redacted]");
    }
    assertThat(settings.client().describe()).isEqualTo("SASL_SSL/OAUTHBEARER");
  }

  private static EnvReader env(Map<String, String> vars) {
    return new EnvReader(vars);
  }
}
