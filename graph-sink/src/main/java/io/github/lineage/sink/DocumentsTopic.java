package io.github.lineage.sink;

import io.github.lineage.core.config.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents topic as the broker describes it.
 *
 * @param name the topic
 * @param id the topic's id; part of each fence's name (a topic deleted and created again starts
 *     with fresh fences); empty when the broker does not say
 * @param partitions its partition count
 * @param deleteRetention its {@code delete.retention.ms}: how long a tombstone is kept after the
 *     log cleaner first saw it. A sink away for longer may never read a delete.
 */
record DocumentsTopic(String name, String id, int partitions, Duration deleteRetention) {

  private static final Logger LOG = LoggerFactory.getLogger(DocumentsTopic.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * Kafka's own default of {@code delete.retention.ms}, assumed when the topic's config cannot be
   * read.
   */
  static final Duration KAFKA_DEFAULT_DELETE_RETENTION = Duration.ofDays(1);

  DocumentsTopic {
    Objects.requireNonNull(name, "name");
    id = id == null ? "" : id;
    Objects.requireNonNull(deleteRetention, "deleteRetention");
  }

  /** The topic part of a {@link Position}: the fence's name. */
  String fenceTopic() {
    return name + "@" + id;
  }

  /** The id of partition {@code partition}'s fence node. */
  String partitionId(int partition) {
    return new Position(fenceTopic(), partition, 0).partitionId();
  }

  /**
   * @throws IllegalStateException when the topic does not exist or the broker does not answer
   */
  static DocumentsTopic describe(KafkaSettings kafka) {
    String topic = kafka.topics().documents();
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      TopicDescription description;
      try {
        description =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          throw new IllegalStateException(
              "topic " + topic + " does not exist on " + kafka.bootstrapServers(), e);
        }
        throw new IllegalStateException(
            "cannot describe topic " + topic + ": " + e.getCause().getMessage(), e);
      }
      String id = description.topicId() == null ? "" : description.topicId().toString();
      return new DocumentsTopic(
          topic, id, description.partitions().size(), deleteRetention(admin, topic));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing " + topic, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at "
              + kafka.bootstrapServers()
              + " did not describe "
              + topic
              + " within "
              + TIMEOUT,
          e);
    }
  }

  private static Duration deleteRetention(Admin admin, String topic)
      throws InterruptedException, TimeoutException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      Config config =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(resource);
      ConfigEntry entry =
          config == null ? null : config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG);
      if (entry != null && entry.value() != null) {
        return Duration.ofMillis(Long.parseLong(entry.value()));
      }
    } catch (ExecutionException | NumberFormatException e) {
      // Not allowed to read it (a managed cluster's ACLs): Kafka's default is the best guess.
      LOG.warn(
          "cannot read {} of topic {} ({}); assuming Kafka's default {}",
          TopicConfig.DELETE_RETENTION_MS_CONFIG,
          topic,
          e.getMessage(),
          KAFKA_DEFAULT_DELETE_RETENTION);
    }
    return KAFKA_DEFAULT_DELETE_RETENTION;
  }
}
