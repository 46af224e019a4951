package io.github.lineage.core.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.RenamedFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rollback records as JSON lines in {@code $LINEAGE_HOME/guard/rollbacks.jsonl}, so {@code lineage
 * flags} can say which rule switched a flag off, and {@code lineage flags enable} can mark it as
 * turned back on (a line with action {@code enabled}).
 */
public final class RollbackLog {

  public static final String ENABLED = "enabled";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path file;

  public RollbackLog(Path file) {
    this.file = file;
  }

  public static RollbackLog in(LineageHome home) {
    return new RollbackLog(home.root().resolve("guard").resolve("rollbacks.jsonl"));
  }

  public Path file() {
    return file;
  }

  public synchronized void append(RollbackRecord record) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          JSON.writeValueAsString(record) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rollback log " + file, e);
    }
  }

  public synchronized List<RollbackRecord> all() {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<RollbackRecord> records = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          records.add(JSON.readValue(line, RollbackRecord.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the rollback log " + file, e);
    }
    return records;
  }

  /**
   * Per current toggle name, the rollback in force (the last one not followed by an {@code enabled}
   * line). Lines written under a renamed flag's old name count for its new name.
   */
  public Map<String, RollbackRecord> inForce() {
    Map<String, RollbackRecord> current = new LinkedHashMap<>();
    for (RollbackRecord record : all()) {
      String flag = RenamedFlags.currentName(record.flag());
      if (ENABLED.equals(record.action())) {
        current.remove(flag);
      } else {
        current.put(flag, record);
      }
    }
    return current;
  }

  public Optional<RollbackRecord> inForce(String toggleName) {
    return Optional.ofNullable(inForce().get(RenamedFlags.currentName(toggleName)));
  }
}
