package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaCheckTest {

  @Test
  void shouldNameAMissingTruststoreInOneLineBeforeAnyClientExists(@TempDir Path dir)
      throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("client.properties"),
            "security.protocol=SSL\nssl.truststore.location=" + dir.resolve("gone.p12") + "\n");
    var run =
        CliRunner.lineage(
            "dlq", "list", "--kafka", "127.0.0.1:1", "--kafka-config", config.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG);
    List<String> lines = run.err().lines().toList();
    assertThat(lines)
        .containsExactly(
            "lineage: ssl.truststore.location (KAFKA_SSL_TRUSTSTORE_LOCATION or"
                + " KAFKA_CLIENT_CONFIG) names "
                + dir.resolve("gone.p12")
                + ", which is not a readable file");
  }

  @Test
  void shouldAcceptStoresThatAreThere(@TempDir Path dir) throws Exception {
    Path store = Files.write(dir.resolve("trust.p12"), new byte[] {1});
    KafkaSettings kafka =
        KafkaSettings.from(
            new EnvReader(
                Map.of(
                    "KAFKA_SSL_TRUSTSTORE_LOCATION",
                    store.toString(),
                    "KAFKA_SSL_KEYSTORE_LOCATION",
                    store.toString())));
    KafkaCheck.requireStoreFiles(kafka);
    assertThatThrownBy(
            () ->
                KafkaCheck.requireStoreFiles(
                    KafkaSettings.from(
                        new EnvReader(
                            Map.of(
                                "KAFKA_SSL_KEYSTORE_LOCATION",
                                dir.resolve("no-key.p12").toString())))))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("ssl.keystore.location (KAFKA_SSL_KEYSTORE_LOCATION");
  }
}
