package io.github.lineage.parser;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the parse-cache topic when it is missing. Streams creates changelogs itself, but not the
 * source topic of a global store; core's provisioner knows only the pipeline's own three topics.
 */
final class CacheTopic {

  private static final Logger LOG = LoggerFactory.getLogger(CacheTopic.class);

  private CacheTopic() {}

  private static void awaitVisible(Admin admin, List<String> topics, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "topics " + topics + " not visible: " + e.getCause().getMessage(), e.getCause());
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * Creates {@code topic} if missing, then waits until it and {@code alsoAwait} show in the
   * broker's metadata: a global store started on a topic created a moment ago can otherwise find no
   * partitions and fail the client.
   */
  static void ensure(
      KafkaSettings kafka, String topic, Duration ttl, List<String> alsoAwait, Duration timeout) {
    int maxMessageBytes = kafka.limits().maxMessageBytes();
    // Entries are as large as documents (one setting, RecordLimits); compaction keeps one per
    // content hash, and the TTL drops the segments nobody rewrote, as the store's sweep drops their
    // entries.
    NewTopic cache =
        new NewTopic(topic, kafka.partitions(), kafka.replicationFactor())
            .configs(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT
                            + ","
                            + TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(ttl.toMillis()),
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes)));
    ensure(kafka, cache, alsoAwait, timeout);
  }

  /**
   * As above, for a topic of any configuration (the dbt projects' repartition topic). A topic made
   * by an older version with the broker's 1 MiB default gets the pipeline's message limit.
   */
  static void ensure(
      KafkaSettings kafka, NewTopic cache, List<String> alsoAwait, Duration timeout) {
    String topic = cache.name();
    int maxMessageBytes = kafka.limits().maxMessageBytes();
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      try {
        admin.createTopics(List.of(cache)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("created topic {}", topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
        // Made by an older version with the broker's 1 MiB default: large entries would be refused.
        TopicProvisioner.raiseMessageLimit(admin, topic, maxMessageBytes, timeout);
      }
      List<String> all = new java.util.ArrayList<>(alsoAwait);
      all.add(topic);
      awaitVisible(admin, all, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at "
              + kafka.bootstrapServers()
              + " did not create "
              + topic
              + " within "
              + timeout,
          e);
    }
  }
}
