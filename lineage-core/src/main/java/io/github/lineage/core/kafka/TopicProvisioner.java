package io.github.lineage.core.kafka;

import io.github.lineage.core.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics when they are missing, idempotently: every service calls it at
 * start, so any of them may come up first. {@code lineage.documents} is compacted (it is the
 * current state of every file); the others are deleted by time.
 */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  public static List<NewTopic> topicsFor(KafkaSettings kafka) {
    TopicNames names = kafka.topics();
    String maxMessage = Integer.toString(kafka.limits().maxMessageBytes());
    List<NewTopic> topics = new ArrayList<>();
    topics.add(
        new NewTopic(names.fileChanges(), kafka.partitions(), kafka.replicationFactor())
            .configs(
                Map.of(
                    TopicConfig.RETENTION_MS_CONFIG,
                    Long.toString(Duration.ofDays(7).toMillis()),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    maxMessage)));
    topics.add(
        new NewTopic(names.documents(), kafka.partitions(), kafka.replicationFactor())
            .configs(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                    "0",
                    TopicConfig.DELETE_RETENTION_MS_CONFIG,
                    Long.toString(Duration.ofDays(1).toMillis()),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    maxMessage)));
    topics.add(
        new NewTopic(names.dlq(), 1, kafka.replicationFactor())
            .configs(
                Map.of(
                    TopicConfig.RETENTION_MS_CONFIG,
                    Long.toString(Duration.ofDays(30).toMillis()),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    maxMessage)));
    return topics;
  }

  /**
   * An existing topic (created by an older version, or by hand) may refuse the largest record the
   * limits allow: raise its {@code max.message.bytes}, never lower it.
   */
  public static void raiseMessageLimit(
      Admin admin, String topic, int maxMessageBytes, Duration timeout)
      throws InterruptedException, TimeoutException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      Config config =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(resource);
      ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      if (entry != null
          && entry.value() != null
          && Long.parseLong(entry.value()) >= maxMessageBytes) {
        return;
      }
      AlterConfigOp raise =
          new AlterConfigOp(
              new ConfigEntry(
                  TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes)),
              AlterConfigOp.OpType.SET);
      admin
          .incrementalAlterConfigs(Map.of(resource, List.of(raise)))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("raised max.message.bytes of topic {} to {}", topic, maxMessageBytes);
    } catch (ExecutionException e) {
      // Not allowed to alter (a managed cluster's ACLs): the stage still runs, and a record over
      // the topic's limit is dead-lettered by the stage that made it.
      LOG.warn(
          "cannot raise max.message.bytes of topic {} to {}: {}",
          topic,
          maxMessageBytes,
          e.getCause().getMessage());
    }
  }

  /** Creates missing topics; waits at most {@code timeout}. */
  public static void ensureTopics(KafkaSettings kafka, Duration timeout) {
    Properties props = kafka.clientProperties();
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    try (Admin admin = Admin.create(props)) {
      for (NewTopic topic : topicsFor(kafka)) {
        try {
          admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          LOG.info("created topic {} ({} partitions)", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + topic.name() + ": " + e.getCause().getMessage(),
                e.getCause());
          }
          raiseMessageLimit(admin, topic.name(), kafka.limits().maxMessageBytes(), timeout);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + kafka.bootstrapServers() + " did not answer within " + timeout, e);
    }
  }
}
