package io.github.lineage.watcher;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ChangeKind;
import io.github.lineage.core.model.ContentHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** A watched directory, its own topics on the shared broker, and helpers to read them. */
final class WatcherFixture implements AutoCloseable {

  static final String SOURCE = "repo";

  final Path root;
  final Path home;
  final KafkaSettings kafka;
  final Map<String, String> env = new HashMap<>();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> open = new ArrayList<>();

  WatcherFixture(Path tempDir, int partitions) {
    try {
      this.root = Files.createDirectories(tempDir.resolve(SOURCE));
      this.home = Files.createDirectories(tempDir.resolve("home"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TopicNames topics =
        TopicNames.withPrefix("t" + UUID.randomUUID().toString().substring(0, 8) + ".");
    this.kafka = new KafkaSettings(SharedKafka.bootstrapServers(), topics, partitions, (short) 1);
    TopicProvisioner.ensureTopics(kafka, Duration.ofSeconds(30));
  }

  WatcherConfig config() {
    return WatcherConfig.from(new EnvReader(env), root, new LineageHome(home));
  }

  WatcherService service() {
    return track(new WatcherService(config(), kafka, registry));
  }

  WatcherService service(Map<String, Object> producerOverrides) {
    return track(new WatcherService(config(), kafka, registry, producerOverrides));
  }

  TopicReader changes() {
    return track(new TopicReader(kafka.bootstrapServers(), kafka.topics().fileChanges()));
  }

  TopicReader dlq() {
    return track(new TopicReader(kafka.bootstrapServers(), kafka.topics().dlq()));
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  Path write(String rel, String content) {
    return write(rel, content.getBytes(StandardCharsets.UTF_8));
  }

  Path write(String rel, byte[] bytes) {
    try {
      Path file = root.resolve(rel);
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String key(String rel) {
    return SOURCE + ":" + rel;
  }

  static String sha(String content) {
    return ContentHash.sha256(content.getBytes(StandardCharsets.UTF_8));
  }

  /** Key to sha256 of every .sql file now on disk (the state the topic must describe). */
  Map<String, String> sqlFilesOnDisk() {
    try (Stream<Path> files = Files.walk(root)) {
      Map<String, String> result = new LinkedHashMap<>();
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String rel = root.relativize(file).toString();
        if (rel.toLowerCase().endsWith(".sql")) {
          result.put(key(rel), ContentHash.sha256(Files.readAllBytes(file)));
        }
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The state the events describe when applied in order: key to sha256 of the last UPSERT. */
  static Map<String, String> replay(List<ChangeEvent> events) {
    Map<String, String> state = new HashMap<>();
    for (ChangeEvent event : events) {
      if (event.kind() == ChangeKind.UPSERT) {
        state.put(event.key(), event.sha256());
      } else {
        state.remove(event.key());
      }
    }
    return state;
  }

  @Override
  public void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // best effort: the next test has its own topics and directories
      }
    }
  }
}
