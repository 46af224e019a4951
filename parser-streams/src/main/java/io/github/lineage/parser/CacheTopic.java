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

  static void ensure(KafkaSettings kafka, String topic, Duration timeout) {
    NewTopic cache = new NewTopic(topic, kafka.partitions(), kafka.replicationFactor())
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      admin.createTopics(List.of(cache)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("created parse-cache topic {}", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not create " + topic
          + " within " + timeout, e);
    }
  }
}
