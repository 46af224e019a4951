package io.github.lineage.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.kafka.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * {@code $LINEAGE_HOME/api.json}: where the API of a running {@code lineage local} listens, with
 * the process id. {@code lineage query} reads it to ask that process instead of opening the store;
 * a file left by a killed process names a pid that is gone and is ignored.
 */
public final class ApiAddressFile {

  public static final String NAME = "api.json";

  private final Path file;

  public ApiAddressFile(LineageHome home) {
    this.file = home.root().resolve(NAME);
  }

  public Path path() {
    return file;
  }

  /** Writes the address atomically (a reader never sees half a file). */
  public void write(URI uri) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(NAME + ".tmp");
      Files.write(
          tmp,
          Json.MAPPER.writeValueAsBytes(
              Map.of("url", uri.toString(), "pid", ProcessHandle.current().pid())));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The address of a live process's API, if the file names one. */
  public Optional<URI> read() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(file.toFile());
      long pid = node.path("pid").asLong(-1);
      String url = node.path("url").asText("");
      if (url.isEmpty()
          || pid <= 0
          || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        return Optional.empty();
      }
      return Optional.of(URI.create(url));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Removes the file if it still names this process (a newer process may have replaced it). */
  public void deleteIfOurs() {
    try {
      if (Files.isRegularFile(file)
          && Json.MAPPER.readTree(file.toFile()).path("pid").asLong(-1)
              == ProcessHandle.current().pid()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // Left behind: its pid is gone once we are, and readers ignore it then.
    }
  }
}
