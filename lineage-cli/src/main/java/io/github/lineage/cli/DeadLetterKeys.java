package io.github.lineage.cli;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;

/** The keys on the dead-letter topic, each with the reason of its latest letter. */
final class DeadLetterKeys {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private DeadLetterKeys() {}

  static Map<String, String> read(KafkaSettings kafka) {
    Map<String, String> reasons = new HashMap<>();
    TopicScan.read(
        kafka,
        kafka.topics().dlq(),
        READ_TIMEOUT,
        r -> {
          if (r.key() != null) {
            Header reason = r.headers().lastHeader(DeadLetter.H_REASON);
            reasons.put(
                new String(r.key(), StandardCharsets.UTF_8),
                reason == null ? "unknown" : new String(reason.value(), StandardCharsets.UTF_8));
          }
        });
    return reasons;
  }
}
