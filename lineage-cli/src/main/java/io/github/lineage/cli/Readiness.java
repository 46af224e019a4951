package io.github.lineage.cli;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.metrics.ReadinessCheck;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.neo4j.driver.Driver;

/** Cheap reachability probes behind {@code /ready}. */
public final class Readiness {

  private Readiness() {}

  /**
   * The checks of a process that needs both servers ({@code lineage sink}, {@code lineage local}):
   * {@code /ready} is 200 only while Kafka answers and Neo4j accepts a connection.
   */
  public static List<ReadinessCheck> kafkaAndNeo4j(KafkaSettings kafka, Driver driver) {
    return List.of(
        ReadinessCheck.of("kafka", () -> kafka(kafka)),
        ReadinessCheck.of("neo4j", () -> neo4jWithinTwoSeconds(driver)));
  }

  /** As {@link #kafkaAndNeo4j(KafkaSettings, Driver)} for a plaintext broker (the embedded one). */
  public static List<ReadinessCheck> kafkaAndNeo4j(String bootstrapServers, Driver driver) {
    return kafkaAndNeo4j(KafkaSettings.of(bootstrapServers, TopicNames.defaults()), driver);
  }

  /** Kafka answers, reached with the deployment's client settings (security included). */
  static boolean kafka(KafkaSettings kafka) {
    Properties props = kafka.clientProperties();
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "lineage-readiness");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** A session on the configured database answers (the server alone being up is not enough). */
  static boolean neo4j(Driver driver) {
    try (org.neo4j.driver.Session session = driver.session()) {
      session.run(Neo4jConnections.PROBE).consume();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A readiness probe must answer within ~2 s even when the server hangs. */
  private static boolean neo4jWithinTwoSeconds(Driver driver) {
    try {
      return CompletableFuture.supplyAsync(() -> neo4j(driver)).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      return false;
    }
  }
}
