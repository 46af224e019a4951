package io.github.lineage.core.guard;

import io.github.lineage.core.config.EnvReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Switches a toggle off (or on) in one environment through Unleash's admin API, so every instance
 * follows within its fetch interval. Needs {@code UNLEASH_URL} and {@code UNLEASH_ADMIN_TOKEN}; the
 * environment is {@code UNLEASH_ENVIRONMENT} (default {@code development}), the project {@code
 * UNLEASH_PROJECT} (default {@code default}).
 */
public final class UnleashToggleSwitch {

  public static final String ADMIN_TOKEN = "UNLEASH_ADMIN_TOKEN";
  public static final String ENVIRONMENT = "UNLEASH_ENVIRONMENT";
  public static final String PROJECT = "UNLEASH_PROJECT";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String apiBase;
  private final String adminToken;
  private final String project;
  private final String environment;

  public UnleashToggleSwitch(
      String apiBase, String adminToken, String project, String environment) {
    this.apiBase = apiBase.replaceAll("/+$", "");
    this.adminToken = adminToken;
    this.project = project;
    this.environment = environment;
  }

  /** Present when both {@code UNLEASH_URL} and {@code UNLEASH_ADMIN_TOKEN} are set. */
  public static Optional<UnleashToggleSwitch> from(EnvReader env) {
    Optional<String> url = env.optional("UNLEASH_URL");
    Optional<String> token = env.optional(ADMIN_TOKEN);
    if (url.isEmpty() || token.isEmpty()) {
      return Optional.empty();
    }
    String base = url.get().replaceAll("/+$", "");
    if (!base.endsWith("/api")) {
      base = base + "/api";
    }
    return Optional.of(
        new UnleashToggleSwitch(
            base,
            token.get(),
            env.string(PROJECT, "default"),
            env.string(ENVIRONMENT, "development")));
  }

  public String environment() {
    return environment;
  }

  public void disable(String toggle) throws IOException {
    send(toggle, "off");
  }

  public void enable(String toggle) throws IOException {
    send(toggle, "on");
  }

  private void send(String toggle, String state) throws IOException {
    URI uri =
        URI.create(
            apiBase
                + "/admin/projects/"
                + enc(project)
                + "/features/"
                + enc(toggle)
                + "/environments/"
                + enc(environment)
                + "/"
                + state);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", adminToken)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while switching " + toggle + " " + state, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "Unleash answered "
              + response.statusCode()
              + " to switching "
              + toggle
              + " "
              + state
              + " in "
              + environment
              + ": "
              + response.body());
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
