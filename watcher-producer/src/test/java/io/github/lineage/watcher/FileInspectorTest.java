package io.github.lineage.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.model.ContentHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileInspectorTest {

  @TempDir Path temp;
  final FileInspector inspector = new FileInspector(16);

  private Inspection inspect(byte[] bytes) throws IOException {
    return inspector.inspect(Files.write(temp.resolve("f.sql"), bytes));
  }

  @Test
  void shouldAcceptUtf8TextWithItsSha256() throws IOException {
    byte[] bytes = "select 'é€'".getBytes(StandardCharsets.UTF_8);

    Inspection result = inspect(bytes);

    assertThat(result)
        .isInstanceOfSatisfying(
            Inspection.Accepted.class,
            a -> {
              assertThat(a.content()).isEqualTo("select 'é€'");
              assertThat(a.size()).isEqualTo(bytes.length);
              // sha256("select 'é€'") computed independently with sha256sum
              assertThat(a.sha256())
                  .isEqualTo("1330aff47aae90bd756138a63a4301e76e68f5bf68f54a25912180f4679c3123");
            });
  }

  @Test
  void shouldComputeTheStandardSha256() {
    assertThat(ContentHash.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void shouldAcceptAFileOfExactlyTheLimit() throws IOException {
    assertThat(inspect("x".repeat(16).getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Inspection.Accepted.class);
  }

  @Test
  void shouldRejectAFileOverTheLimitAsTooLarge() throws IOException {
    byte[] bytes = "x".repeat(17).getBytes(StandardCharsets.UTF_8);
    assertThat(inspect(bytes))
        .isInstanceOfSatisfying(
            Inspection.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
              assertThat(r.size()).isEqualTo(17);
              assertThat(r.sha256()).isEqualTo(ContentHash.sha256(bytes));
              assertThat(r.message())
                  .contains("17 bytes")
                  .contains(WatcherConfig.ENV_MAX_FILE_BYTES);
            });
  }

  @Test
  void shouldRejectNulBytesAsBinary() throws IOException {
    assertThat(inspect(new byte[] {'a', 'b', 0, 'c'}))
        .isInstanceOfSatisfying(
            Inspection.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(DeadLetterReason.BINARY);
              assertThat(r.message()).contains("offset 2");
            });
  }

  @Test
  void shouldRejectMalformedUtf8InsteadOfReplacingIt() throws IOException {
    byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(inspect(latin1))
        .isInstanceOfSatisfying(
            Inspection.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_UTF8);
              assertThat(r.message()).contains("offset 3");
            });
    // A truncated multi-byte sequence at the very end is malformed too.
    assertThat(inspect(new byte[] {'a', (byte) 0xE2, (byte) 0x82}))
        .isInstanceOfSatisfying(
            Inspection.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_UTF8));
  }

  private Inspection firstLine(byte[] bytes) throws IOException {
    Files.write(temp.resolve("s.csv"), bytes);
    try (ConfinedFiles.Opened opened = new ConfinedFiles(temp.toRealPath()).open("s.csv")) {
      return inspector.inspectFirstLine(opened);
    }
  }

  @Test
  void shouldReadASeedUpToItsFirstLineWithTheShaOfThatLine() throws IOException {
    // Far over the 16-byte limit as a whole: only the header counts.
    byte[] csv = ("id,name\n" + "1,a\n".repeat(1000)).getBytes(StandardCharsets.UTF_8);

    assertThat(firstLine(csv))
        .isInstanceOfSatisfying(
            Inspection.Accepted.class,
            a -> {
              assertThat(a.content()).isEqualTo("id,name\n");
              assertThat(a.size()).isEqualTo(8);
              assertThat(a.sha256())
                  .isEqualTo(ContentHash.sha256("id,name\n".getBytes(StandardCharsets.UTF_8)));
            });
    assertThat(firstLine("a,b".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            Inspection.Accepted.class, a -> assertThat(a.content()).isEqualTo("a,b"));
  }

  @Test
  void shouldRejectASeedWhoseFirstLineIsOverTheLimit() throws IOException {
    assertThat(firstLine(("x".repeat(40) + "\n1\n").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            Inspection.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(DeadLetterReason.TOO_LARGE));
  }
}
