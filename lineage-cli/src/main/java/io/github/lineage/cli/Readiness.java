package io.github.lineage.cli;

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
  public static List<ReadinessCheck> kafkaAndNeo4j(String bootstrapServers, Driver driver) {
    return List.of(
        ReadinessCheck.of("kafka", () -> kafka(bootstrapServers)),
        ReadinessCheck.of("neo4j", () -> neo4jWithinTwoSeconds(driver)));
  }

  static boolean kafka(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  static boolean neo4j(Driver driver) {
    try {
      driver.verifyConnectivity();
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
