package io.github.lineage.cli;

import io.github.lineage.core.config.KafkaClientConfig;
import io.github.lineage.core.config.KafkaSettings;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Kafka reachable with the deployment's client settings, checked before a command starts its
 * clients, and any failure to connect turned into one line a user can act on: refused credentials,
 * a failed TLS handshake, missing ACLs, nobody answering, an unusable client setting.
 */
final class KafkaCheck {

  static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final String CREDENTIALS =
      KafkaClientConfig.ENV_SASL_USERNAME
          + "/"
          + KafkaClientConfig.ENV_SASL_PASSWORD
          + ", KAFKA_SASL_JAAS_CONFIG or "
          + KafkaClientConfig.ENV_FILE;

  /** Client properties naming a file the TLS setup reads. */
  private static final java.util.List<String> STORE_FILES =
      java.util.List.of(
          org.apache.kafka.common.config.SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
          org.apache.kafka.common.config.SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);

  private KafkaCheck() {}

  /** Returns once the cluster answered; else throws a {@link UserException} saying why not. */
  static void require(KafkaSettings kafka) {
    require(kafka, TIMEOUT);
  }

  static void require(KafkaSettings kafka, Duration timeout) {
    requireStoreFiles(kafka);
    int ms = (int) timeout.toMillis();
    Properties props = kafka.clientProperties();
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "lineage-check");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    try (Admin admin = create(kafka, props)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(ms))
          .clusterId()
          .get(ms + 5000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(kafka, e.getCause());
    } catch (TimeoutException e) {
      throw failure(kafka, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException(
          "interrupted while connecting to Kafka at " + kafka.bootstrapServers());
    }
  }

  /**
   * A keystore or truststore that is not there: said in one line before any client exists (the
   * client itself would log a stack trace first).
   */
  static void requireStoreFiles(KafkaSettings kafka) {
    for (String property : STORE_FILES) {
      kafka
          .client()
          .get(property)
          .map(java.nio.file.Path::of)
          .ifPresent(
              file -> {
                if (!java.nio.file.Files.isReadable(file)) {
                  throw UserException.config(
                      property
                          + " (KAFKA_"
                          + property.toUpperCase(java.util.Locale.ROOT).replace('.', '_')
                          + " or "
                          + KafkaClientConfig.ENV_FILE
                          + ") names "
                          + file
                          + ", which is not a readable file");
                }
              });
    }
  }

  private static Admin create(KafkaSettings kafka, Properties props) {
    try {
      return Admin.create(props);
    } catch (KafkaException e) {
      throw UserException.config(
          "cannot set up a Kafka client for "
              + kafka.bootstrapServers()
              + ": "
              + root(e).getMessage()
              + " (check "
              + KafkaClientConfig.ENV_FILE
              + " and the KAFKA_ settings)",
          e);
    }
  }

  /**
   * The one line for an error of any Kafka client of this deployment, with the settings to look at.
   */
  static UserException failure(KafkaSettings kafka, Throwable error) {
    String at = "Kafka at " + kafka.bootstrapServers() + " (" + kafka.client().describe() + ")";
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SaslAuthenticationException) {
        return UserException.unreachable(
            at + " refused the credentials: " + t.getMessage() + " (check " + CREDENTIALS + ")",
            error);
      }
      if (t instanceof SslAuthenticationException) {
        return UserException.unreachable(
            "TLS handshake with "
                + at
                + " failed: "
                + root(t).getMessage()
                + " (check KAFKA_SSL_TRUSTSTORE_LOCATION or the truststore of "
                + KafkaClientConfig.ENV_FILE
                + ")",
            error);
      }
      if (t instanceof AuthorizationException) {
        return UserException.unreachable(
            at + " denied access: " + t.getMessage() + " (the ACLs of the pipeline's Kafka user)",
            error);
      }
      if (t instanceof TimeoutException
          || t instanceof org.apache.kafka.common.errors.TimeoutException) {
        return UserException.unreachable(
            "no answer from "
                + at
                + " (set "
                + KafkaSettings.ENV_BOOTSTRAP
                + "; a secured listener also needs KAFKA_SECURITY_PROTOCOL and its settings)",
            error);
      }
    }
    return UserException.unreachable("cannot use " + at + ": " + error.getMessage(), error);
  }

  private static Throwable root(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
