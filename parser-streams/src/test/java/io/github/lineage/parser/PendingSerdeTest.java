package io.github.lineage.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.kafka.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PendingSerdeTest {

  private static final byte[] KEY = "src:a.sql".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE =
      "{\"content\":\"select 1 -- é\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTripKeepsEveryFieldAndTheOriginalBytes() {
    Pending p =
        new Pending(new Origin("file-changes", 3, 42L, 1_700_000_000_000L, KEY, VALUE), 123L);

    Pending back = roundTrip(p);

    assertThat(back.lastSeenMs()).isEqualTo(123L);
    Origin o = back.origin();
    assertThat(o.topic()).isEqualTo("file-changes");
    assertThat(o.partition()).isEqualTo(3);
    assertThat(o.offset()).isEqualTo(42L);
    assertThat(o.timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(o.key()).isEqualTo(KEY);
    assertThat(o.value()).isEqualTo(VALUE);
  }

  @Test
  void absentTopicKeyAndValueStayAbsent() {
    Pending back = roundTrip(new Pending(new Origin(null, -1, -1, 0L, null, null), 0L));

    assertThat(back.origin().topic()).isNull();
    assertThat(back.origin().key()).isNull();
    assertThat(back.origin().value()).isNull();
  }

  @Test
  void storesTheContentWithoutBase64() {
    byte[] content = new byte[30_000];
    Arrays.fill(content, (byte) 'x');
    Pending p = new Pending(new Origin("t", 0, 0, 0, KEY, content), 0);

    assertThat(PendingSerde.SERDE.serializer().serialize("t", p).length)
        .isLessThan(content.length + 100);
  }

  @Test
  void readsValuesWrittenAsJsonByEarlierVersions() {
    Pending p = new Pending(new Origin("file-changes", 1, 7L, 9L, KEY, VALUE), 5L);
    byte[] legacy = new JsonSerde<>(Pending.class).toBytes(p);

    Pending back = PendingSerde.SERDE.deserializer().deserialize("t", legacy);

    assertThat(back.origin().value()).isEqualTo(VALUE);
    assertThat(back.lastSeenMs()).isEqualTo(5L);
  }

  @Test
  void unknownFormatVersionOrTruncatedBytesAreSerializationErrors() {
    byte[] good =
        PendingSerde.SERDE
            .serializer()
            .serialize("t", new Pending(new Origin("t", 0, 0, 0, KEY, VALUE), 0));
    byte[] future = good.clone();
    future[0] = 9;

    assertThatThrownBy(() -> PendingSerde.SERDE.deserializer().deserialize("t", future))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("version 9");
    assertThatThrownBy(
            () ->
                PendingSerde.SERDE
                    .deserializer()
                    .deserialize("t", Arrays.copyOf(good, good.length - 3)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated");
  }

  private static Pending roundTrip(Pending p) {
    return PendingSerde.SERDE
        .deserializer()
        .deserialize("t", PendingSerde.SERDE.serializer().serialize("t", p));
  }
}
