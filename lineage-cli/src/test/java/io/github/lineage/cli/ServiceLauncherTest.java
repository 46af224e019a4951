package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.StaticFlags;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceLauncherTest {

  @TempDir Path home;

  @Test
  void shouldServeMetricsAndCloseWhatItOwnsLastStartedFirst() throws Exception {
    List<String> closed = new ArrayList<>();
    RecordingFlags flags = new RecordingFlags(closed);
    ServiceLauncher launcher = ServiceLauncher.start("test", env("0"), flags);
    launcher.own(() -> closed.add("driver"));
    launcher.own(() -> closed.add("stage"));
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + launcher.ops().port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("feature_flag_enabled");

    launcher.close();
    launcher.close(); // the shutdown hook closes again at exit: nothing twice
    assertThat(closed).containsExactly("stage", "driver", "flags");
  }

  @Test
  void shouldFailWithAConfigurationErrorOnAPortInUseAndCloseTheFlags() throws Exception {
    List<String> closed = new ArrayList<>();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
      String port = Integer.toString(busy.getLocalPort());
      assertThatThrownBy(() -> ServiceLauncher.start("test", env(port), new RecordingFlags(closed)))
          .isInstanceOfSatisfying(
              UserException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.CONFIG))
          .hasMessageContaining("METRICS_PORT");
    }
    assertThat(closed).containsExactly("flags");
  }

  private EnvReader env(String port) {
    return new EnvReader(Map.of("METRICS_PORT", port, "LINEAGE_HOME", home.toString()));
  }

  /** All flags on, and a note when closed. */
  private static final class RecordingFlags implements Flags {
    private final Flags delegate = StaticFlags.allOn();
    private final List<String> closed;

    RecordingFlags(List<String> closed) {
      this.closed = closed;
    }

    @Override
    public boolean isEnabled(Flag flag, String key) {
      return delegate.isEnabled(flag, key);
    }

    @Override
    public List<io.github.lineage.core.flags.FlagState> describe() {
      return delegate.describe();
    }

    @Override
    public void close() {
      closed.add("flags");
    }
  }
}
