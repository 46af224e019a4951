package io.github.lineage.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.kafka.RecordLimits;
import io.github.lineage.core.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ParserConfigTest {

  private static final LineageHome HOME = new LineageHome(Path.of("/tmp/lineage-home"));

  private static ParserConfig from(Map<String, String> env) {
    return ParserConfig.from(new EnvReader(env), HOME);
  }

  @Test
  void shouldUseTheDocumentedDefaults() {
    ParserConfig config = from(Map.of());

    assertThat(config.applicationId()).isEqualTo("lineage-parser");
    assertThat(config.stateDir()).isEqualTo(HOME.streamsState());
    assertThat(config.debounceWindow()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.punctuationInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.workers()).isEqualTo(4);
    assertThat(config.blockCacheBytes()).isEqualTo(32L << 20);
    assertThat(config.writeBufferBytes()).isEqualTo(16L << 20);
    assertThat(config.processingGuarantee())
        .isEqualTo(ParserConfig.ProcessingGuarantee.EXACTLY_ONCE_V2);
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.cacheMaxEntries()).isEqualTo(200_000);
    assertThat(config.cacheTtl()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void shouldReadEverySettingFromTheEnvironment() {
    ParserConfig config =
        from(
            Map.of(
                ParserConfig.ENV_APPLICATION_ID, "parser-b",
                ParserConfig.ENV_DEBOUNCE_WINDOW_SECONDS, "0.5",
                ParserConfig.ENV_PUNCTUATION_INTERVAL_MS, "100",
                ParserConfig.ENV_WORKERS, "8",
                ParserConfig.ENV_BLOCK_CACHE_MB, "64",
                ParserConfig.ENV_WRITE_BUFFER_MB, "8",
                ParserConfig.ENV_COMMIT_INTERVAL_MS, "250",
                ParserConfig.ENV_PROCESSING_GUARANTEE, "at_least_once"));

    assertThat(config.applicationId()).isEqualTo("parser-b");
    assertThat(config.debounceWindow()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.punctuationInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.workers()).isEqualTo(8);
    assertThat(config.blockCacheBytes()).isEqualTo(64L << 20);
    assertThat(config.writeBufferBytes()).isEqualTo(8L << 20);
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.processingGuarantee())
        .isEqualTo(ParserConfig.ProcessingGuarantee.AT_LEAST_ONCE);
  }

  @Test
  void shouldRejectInvalidSettingsNamingTheVariable() {
    assertThatThrownBy(() -> from(Map.of(ParserConfig.ENV_PROCESSING_GUARANTEE, "exactly_once")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ParserConfig.ENV_PROCESSING_GUARANTEE);
    assertThatThrownBy(() -> from(Map.of(ParserConfig.ENV_WORKERS, "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ParserConfig.ENV_WORKERS);
    assertThatThrownBy(() -> from(Map.of(ParserConfig.ENV_DEBOUNCE_WINDOW_SECONDS, "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ParserConfig.ENV_DEBOUNCE_WINDOW_SECONDS);
    assertThatThrownBy(() -> from(Map.of(ParserConfig.ENV_PUNCTUATION_INTERVAL_MS, "5000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ParserConfig.ENV_PUNCTUATION_INTERVAL_MS);
    assertThatThrownBy(() -> from(Map.of(ParserConfig.ENV_APPLICATION_ID, "has space")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ParserConfig.ENV_APPLICATION_ID);
    assertThatThrownBy(() -> from(Map.of(ParserConfig.ENV_BLOCK_CACHE_MB, "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ParserConfig.ENV_BLOCK_CACHE_MB);
  }

  @Test
  void shouldConfigureStreamsWithTheBoundedRocksDbSetterAndTheGivenThreads() {
    ParserConfig config = from(Map.of(ParserConfig.ENV_PROCESSING_GUARANTEE, "exactly_once_v2"));
    Properties props =
        config.streamsProperties(KafkaSettings.of("broker:9092", TopicNames.defaults()), 3);

    StreamsConfig streams = new StreamsConfig(props);
    assertThat(streams.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(3);
    assertThat(streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo("exactly_once_v2");
    assertThat(streams.getClass(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedRocksDbConfig.class);
    assertThat(props.get(BoundedRocksDbConfig.BLOCK_CACHE_BYTES_CONFIG)).isEqualTo(32L << 20);
    assertThat(streams.getString(StreamsConfig.STATE_DIR_CONFIG))
        .isEqualTo(HOME.streamsState().toString());
  }

  @Test
  void shouldDeriveTheProducerAndChangelogLimitsFromTheMaximumFileSize() {
    EnvReader env =
        new EnvReader(Map.of(RecordLimits.ENV_MAX_FILE_BYTES, Long.toString(20L << 20)));
    KafkaSettings kafka = KafkaSettings.from(env);
    Properties props = from(Map.of()).streamsProperties(kafka, 1);

    StreamsConfig streams = new StreamsConfig(props);
    int request =
        (Integer) streams.getProducerConfigs("p").get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    assertThat(request)
        .as("a change event of a 20 MiB file, escaped")
        .isGreaterThan(40 << 20)
        .isEqualTo(kafka.limits().maxRequestBytes());
    assertThat(props.get(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)))
        .isEqualTo(kafka.limits().maxMessageBytes());
    assertThat(streams.getProducerConfigs("p").get(ProducerConfig.COMPRESSION_TYPE_CONFIG))
        .isEqualTo("lz4");
    assertThat(streams.getClass(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG))
        .isEqualTo(TooLargeRecordHandler.class);
  }
}
