package io.github.lineage.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.config.LineageHome;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiAddressFileTest {

  @Test
  void shouldNameTheApiOfALiveProcessAndRemoveOnlyItsOwnFile(@TempDir Path tmp) throws IOException {
    ApiAddressFile file = new ApiAddressFile(new LineageHome(tmp));
    assertThat(file.read()).isEmpty();
    file.write(URI.create("http://127.0.0.1:8123/"));
    assertThat(file.read()).contains(URI.create("http://127.0.0.1:8123/"));

    file.deleteIfOurs();
    assertThat(file.path()).doesNotExist();
  }

  @Test
  void shouldIgnoreAFileLeftByAProcessThatIsGoneOrNotJson(@TempDir Path tmp) throws Exception {
    ApiAddressFile file = new ApiAddressFile(new LineageHome(tmp));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(
        file.path(), "{\"url\":\"http://127.0.0.1:8123/\",\"pid\":" + gone.pid() + "}");
    assertThat(file.read()).isEmpty();
    file.deleteIfOurs();
    assertThat(file.path()).as("another process's file stays").exists();

    Files.writeString(file.path(), "not json");
    assertThat(file.read()).isEmpty();
  }
}
