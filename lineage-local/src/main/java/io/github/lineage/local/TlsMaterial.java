package io.github.lineage.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made with the JDK's own {@code
 * keytool}: the broker's PKCS12 keystore and a PKCS12 truststore holding its certificate, as a
 * managed cluster's CA bundle would be handed to its clients. For tests only: the key is fresh and
 * short-lived, and the password is random.
 */
public record TlsMaterial(Path keystore, Path truststore, Path certificatePem, String password) {

  private static final String ALIAS = "lineage-test-broker";

  /** Generates the stores under {@code dir} (about a second: one RSA key). */
  public static TlsMaterial generate(Path dir) {
    try {
      Files.createDirectories(dir);
      String password = UUID.randomUUID().toString().replace("-", "");
      Path keystore = dir.resolve("broker.p12");
      Path pem = dir.resolve("broker.pem");
      Path truststore = dir.resolve("truststore.p12");
      keytool(
          "-genkeypair",
          "-alias",
          ALIAS,
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-validity",
          "2",
          "-dname",
          "CN=localhost",
          "-ext",
          "SAN=ip:127.0.0.1,dns:localhost",
          "-storetype",
          "PKCS12",
          "-keystore",
          keystore.toString(),
          "-storepass",
          password,
          "-keypass",
          password);
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          ALIAS,
          "-keystore",
          keystore.toString(),
          "-storepass",
          password,
          "-file",
          pem.toString());
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          ALIAS,
          "-file",
          pem.toString(),
          "-storetype",
          "PKCS12",
          "-keystore",
          truststore.toString(),
          "-storepass",
          password);
      return new TlsMaterial(keystore, truststore, pem, password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write TLS material under " + dir, e);
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted running keytool", e);
    }
  }
}
