package io.github.lineage.cli;

import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.neo4j.driver.Driver;

/** Cheap reachability probes behind {@code /ready}. */
final class Readiness {

  private Readiness() {}

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
}
