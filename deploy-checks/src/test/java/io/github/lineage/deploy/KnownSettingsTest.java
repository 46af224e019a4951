package io.github.lineage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.parser.ParserConfig;
import io.github.lineage.sink.SinkConfig;
import io.github.lineage.watcher.WatcherConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KnownSettingsTest {

  @Test
  void shouldKnowEverySettingTheStagesConfigClassesRead() {
    assertThat(KnownSettings.envNames())
        .containsAll(KnownSettings.settingsOf(ParserConfig.class))
        .containsAll(KnownSettings.settingsOf(SinkConfig.class))
        .containsAll(KnownSettings.settingsOf(WatcherConfig.class))
        .contains(
            ParserConfig.ENV_COMMIT_INTERVAL_MS, SinkConfig.ENV_MAX_ATTEMPTS, "INGEST_WORKERS");
    assertThat(KnownSettings.settingsOf(SinkConfig.class))
        .as("constants that are not settings stay out")
        .allMatch(name -> name.matches("[A-Z][A-Z0-9_]+"));
    assertThat(KnownSettings.isKnown("KAFKA_SECURITY_PROTOCL")).isFalse();
  }

  @Test
  void shouldDocumentEverySettingForTheOperators() throws IOException {
    String docs;
    try (Stream<Path> files = Files.list(RepoFiles.path("docs"))) {
      docs =
          Stream.concat(
                  files.filter(p -> p.toString().endsWith(".md")),
                  Stream.of(RepoFiles.path("README.md")))
              .map(KnownSettingsTest::read)
              .collect(Collectors.joining("\n"));
    }
    List<String> undocumented =
        KnownSettings.envNames().stream()
            .filter(name -> !KnownSettings.isRuntime(name))
            .filter(name -> !docs.contains(name))
            .toList();
    assertThat(undocumented).isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
