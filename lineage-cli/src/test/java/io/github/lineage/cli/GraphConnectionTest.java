package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

class GraphConnectionTest {

  @Test
  void shouldTakeOnlyARefusedConnectionForNothingListening() {
    assertThat(
            GraphConnection.nothingListens(
                new ServiceUnavailableException(
                    "down", new ConnectException("Connection refused"))))
        .isTrue();
    assertThat(
            GraphConnection.nothingListens(
                new ServiceUnavailableException(
                    "dns", new UnknownHostException("no-such-host.invalid"))))
        .isFalse();
    assertThat(
            GraphConnection.nothingListens(
                new ServiceUnavailableException(
                    "tls", new SSLHandshakeException("PKIX path building failed"))))
        .isFalse();
  }
}
