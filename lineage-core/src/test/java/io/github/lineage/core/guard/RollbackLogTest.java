package io.github.lineage.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackLogTest {

  @TempDir Path dir;

  private static RollbackRecord record(String flag, String action) {
    return new RollbackRecord(
        flag,
        "batching-failures",
        "failure_rate",
        "cohort",
        0.2,
        0.05,
        action,
        Instant.parse("2026-01-01T00:00:00Z"),
        "parser-0",
        false);
  }

  @Test
  void shouldCountARollbackLoggedUnderARenamedFlagsOldNameForItsNewName() {
    RollbackLog log = new RollbackLog(dir.resolve("rollbacks.jsonl"));
    log.append(record("lineage.batching", "disable_flag"));
    assertThat(log.inForce().keySet()).containsExactly("lineage.debounce");
    assertThat(log.inForce("lineage.debounce")).isPresent();
    assertThat(log.inForce("lineage.batching")).isPresent();

    log.append(record("lineage.debounce", RollbackLog.ENABLED));
    assertThat(log.inForce()).isEmpty();
  }
}
