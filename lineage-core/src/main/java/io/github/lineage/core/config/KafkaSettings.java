package io.github.lineage.core.config;

import io.github.lineage.core.kafka.RecordLimits;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.Topics;
import java.util.Objects;
import java.util.Properties;

/**
 * Where Kafka is, how to connect to it (security and other client properties), which topics the
 * pipeline uses, and the size limits of its records.
 */
public record KafkaSettings(
    String bootstrapServers,
    TopicNames topics,
    int partitions,
    short replicationFactor,
    RecordLimits limits,
    KafkaClientConfig client) {

  public static final String ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String ENV_PARTITIONS = "KAFKA_TOPIC_PARTITIONS";
  public static final String ENV_REPLICATION = "KAFKA_TOPIC_REPLICATION_FACTOR";
  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topics, "topics");
    limits = limits == null ? RecordLimits.defaults() : limits;
    client = client == null ? KafkaClientConfig.none() : client;
    if (partitions < 1) {
      throw new ConfigException(ENV_PARTITIONS + " must be >= 1");
    }
    if (replicationFactor < 1) {
      throw new ConfigException(ENV_REPLICATION + " must be >= 1");
    }
  }

  /** Settings of a plaintext cluster without authentication. */
  public KafkaSettings(
      String bootstrapServers,
      TopicNames topics,
      int partitions,
      short replicationFactor,
      RecordLimits limits) {
    this(bootstrapServers, topics, partitions, replicationFactor, limits, KafkaClientConfig.none());
  }

  /** Settings with the default record limits, of a plaintext cluster without authentication. */
  public KafkaSettings(
      String bootstrapServers, TopicNames topics, int partitions, short replicationFactor) {
    this(bootstrapServers, topics, partitions, replicationFactor, RecordLimits.defaults());
  }

  public static KafkaSettings of(String bootstrapServers, TopicNames topics) {
    return new KafkaSettings(bootstrapServers, topics, Topics.DEFAULT_PARTITIONS, (short) 1);
  }

  /**
   * From the environment; the bootstrap servers are {@code KAFKA_BOOTSTRAP_SERVERS}, else the
   * {@code bootstrap.servers} of the {@code KAFKA_CLIENT_CONFIG} file, else localhost.
   */
  public static KafkaSettings from(EnvReader env) {
    KafkaClientConfig client = KafkaClientConfig.from(env);
    return new KafkaSettings(
        env.optional(ENV_BOOTSTRAP).or(client::fileBootstrapServers).orElse(DEFAULT_BOOTSTRAP),
        TopicNames.from(env),
        env.integer(ENV_PARTITIONS, Topics.DEFAULT_PARTITIONS, 1, 10_000),
        (short) env.integer(ENV_REPLICATION, 1, 1, 7),
        RecordLimits.from(env),
        client);
  }

  /**
   * Client properties common to producers, consumers, admin and Streams: the bootstrap servers and
   * every client setting of the deployment. Each client puts its own settings on top (serializers,
   * group, acks, size limits), which therefore win over the deployment's.
   */
  public Properties clientProperties() {
    Properties props = new Properties();
    client.applyTo(props);
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  /** The same settings with other record limits. */
  public KafkaSettings withLimits(RecordLimits other) {
    return new KafkaSettings(
        bootstrapServers, topics, partitions, replicationFactor, other, client);
  }
}
