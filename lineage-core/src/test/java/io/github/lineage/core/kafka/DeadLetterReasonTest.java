package io.github.lineage.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterReasonTest {

  @Test
  void shouldRoundTripEveryReasonThroughTheLettersHeader() {
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      ProducerRecord<byte[], byte[]> record =
          DeadLetter.rejected(
                  DeadLetter.Stage.WATCHER, new byte[] {1}, new byte[] {2}, reason, "why")
              .toRecord("dlq");
      DeadLetter back = DeadLetter.fromHeaders(record.headers(), record.key(), record.value());
      assertThat(DeadLetterReason.fromCode(back.reason())).contains(reason);
    }
    assertThat(DeadLetterReason.fromCode("from_a_newer_version")).isEmpty();
  }

  @Test
  void shouldDocumentEveryCodeInTheOperationsGuideAndNoOther() throws IOException {
    String guide = Files.readString(Path.of("..", "docs", "operations.md"));
    String section =
        guide.substring(
            guide.indexOf("## Dead-letter reasons"), guide.indexOf("## Dead letters: replaying"));
    Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\|").matcher(section);
    Set<String> documented = new TreeSet<>();
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(documented)
        .isEqualTo(
            Arrays.stream(DeadLetterReason.values())
                .map(DeadLetterReason::code)
                .collect(Collectors.toCollection(TreeSet::new)));
  }
}
