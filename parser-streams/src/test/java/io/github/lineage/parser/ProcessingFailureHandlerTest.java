package io.github.lineage.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.kafka.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser's Streams configuration (not a hand-made one) turns an exception no processor handles
 * into one dead letter and keeps the task going.
 */
class ProcessingFailureHandlerTest {

  @TempDir Path home;

  @Test
  void shouldDeadLetterTheInputOfAFailingProcessorAndGoOnWithTheNextRecord() {
    KafkaSettings kafka =
        KafkaSettings.from(new EnvReader(Map.of(KafkaSettings.ENV_BOOTSTRAP, "unused:9092")));
    ParserConfig config =
        ParserConfig.from(
            new EnvReader(Map.of(ParserConfig.ENV_APPLICATION_ID, "handler-test")),
            new LineageHome(home));
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .mapValues(
            value -> {
              if (new String(value, StandardCharsets.UTF_8).contains("boom")) {
                throw new IllegalStateException("a bug no processor expected");
              }
              return value;
            })
        .to("out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));

    try (TopologyTestDriver driver =
        new TopologyTestDriver(builder.build(), config.streamsProperties(kafka, 1))) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
      TestOutputTopic<byte[], byte[]> out =
          driver.createOutputTopic("out", new ByteArrayDeserializer(), new ByteArrayDeserializer());
      TestOutputTopic<byte[], byte[]> dlq =
          driver.createOutputTopic(
              kafka.topics().dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

      in.pipeInput(bytes("wh:a.sql"), bytes("boom"));
      in.pipeInput(bytes("wh:b.sql"), bytes("fine"));

      List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
      assertThat(letters).hasSize(1);
      DeadLetter letter =
          DeadLetter.fromHeaders(
              letters.get(0).headers(), letters.get(0).key(), letters.get(0).value());
      assertThat(letter.reason()).isEqualTo("processing");
      assertThat(letter.originalTopic()).isEqualTo("in");
      assertThat(letters.get(0).key()).isEqualTo(bytes("wh:a.sql"));
      assertThat(letters.get(0).value()).isEqualTo(bytes("boom"));
      assertThat(letter.errorMessage()).contains("a bug no processor expected");
      assertThat(out.readRecordsToList())
          .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
          .containsExactly("wh:b.sql");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
