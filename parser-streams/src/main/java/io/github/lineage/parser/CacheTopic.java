package io.github.lineage.parser;

import io.github.lineage.core.config.KafkaSettings;
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
          throw new IllegalStateException("topics " + topics + " not visible: " + e.getCause().getMessage(), e.getCause());
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * Creates {@code topic} if missing, then waits until it and {@code alsoAwait} show in the
   * broker's metadata: a global store started on a topic created a moment ago can otherwise find
   * no partitions and fail the client.
   */
  static void ensure(KafkaSettings kafka, String topic, List<String> alsoAwait, Duration timeout) {
    NewTopic cache = new NewTopic(topic, kafka.partitions(), kafka.replicationFactor())
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    ensure(kafka, cache, alsoAwait, timeout);
  }

  /** As above, for a topic of any configuration (the dbt projects' repartition topic). */
  static void ensure(KafkaSettings kafka, NewTopic cache, List<String> alsoAwait, Duration timeout) {
    String topic = cache.name();
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      try {
        admin.createTopics(List.of(cache)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("created topic {}", topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
      List<String> all = new java.util.ArrayList<>(alsoAwait);
      all.add(topic);
      awaitVisible(admin, all, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not create " + topic
          + " within " + timeout, e);
    }
  }
}
