package io.github.lineage.core.config;

import io.github.lineage.core.kafka.RecordLimits;
import io.github.lineage.core.kafka.TopicNames;
import java.util.Objects;
import java.util.Properties;

/** Where Kafka is, which topics the pipeline uses, and the size limits of its records. */
public record KafkaSettings(
    String bootstrapServers, TopicNames topics, int partitions, short replicationFactor, RecordLimits limits) {

  public static final String ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String ENV_PARTITIONS = "KAFKA_TOPIC_PARTITIONS";
  public static final String ENV_REPLICATION = "KAFKA_TOPIC_REPLICATION_FACTOR";
  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topics, "topics");
    limits = limits == null ? RecordLimits.defaults() : limits;
    if (partitions < 1) {
      throw new ConfigException(ENV_PARTITIONS + " must be >= 1");
    }
    if (replicationFactor < 1) {
      throw new ConfigException(ENV_REPLICATION + " must be >= 1");
    }
  }

  /** Settings with the default record limits. */
  public KafkaSettings(String bootstrapServers, TopicNames topics, int partitions, short replicationFactor) {
    this(bootstrapServers, topics, partitions, replicationFactor, RecordLimits.defaults());
  }

  public static KafkaSettings of(String bootstrapServers, TopicNames topics) {
    return new KafkaSettings(bootstrapServers, topics, io.github.lineage.core.kafka.Topics.DEFAULT_PARTITIONS, (short) 1);
  }

  public static KafkaSettings from(EnvReader env) {
    return new KafkaSettings(
        env.string(ENV_BOOTSTRAP, DEFAULT_BOOTSTRAP),
        TopicNames.from(env),
        env.integer(ENV_PARTITIONS, io.github.lineage.core.kafka.Topics.DEFAULT_PARTITIONS, 1, 10_000),
        (short) env.integer(ENV_REPLICATION, 1, 1, 7),
        RecordLimits.from(env));
  }

  /** Client properties common to producers, consumers, admin and Streams. */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  /** The same settings with other record limits. */
  public KafkaSettings withLimits(RecordLimits other) {
    return new KafkaSettings(bootstrapServers, topics, partitions, replicationFactor, other);
  }
}
