package io.github.lineage.core.flags;

import io.getunleash.repository.ToggleBootstrapProvider;
import io.github.lineage.core.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The toggles used when no server is configured (or none has answered yet), read once and validated
 * up front so a broken file fails at start-up with its name rather than leaving every flag silently
 * off. Read here rather than through the SDK's own file provider, whose {@code classpath:} lookup
 * fails inside the shaded CLI jar.
 */
final class BootstrapToggles implements ToggleBootstrapProvider {

  /** The shipped default: every optimisation on at 100 %. */
  static final String SHIPPED_RESOURCE = "flags/bootstrap.json";

  private final String json;
  private final String origin;
  private final ToggleDefinitions definitions;

  private BootstrapToggles(String json, String origin) {
    this.json = json;
    this.origin = origin;
    try {
      this.definitions = ToggleDefinitions.parse(json);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("flag bootstrap file " + origin + " is invalid: " + e.getMessage());
    }
  }

  static BootstrapToggles fromFile(Path file) {
    try {
      return new BootstrapToggles(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new ConfigException(
          UnleashSettings.BOOTSTRAP_FILE
              + " cannot be read: "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  static BootstrapToggles shipped() {
    try (InputStream in =
        BootstrapToggles.class.getClassLoader().getResourceAsStream(SHIPPED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "classpath resource " + SHIPPED_RESOURCE + " is missing from this build");
      }
      return new BootstrapToggles(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + SHIPPED_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<String> read() {
    return Optional.of(json);
  }

  String origin() {
    return origin;
  }

  ToggleDefinitions definitions() {
    return definitions;
  }
}
