package io.github.lineage.core.guard;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.RenamedFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  /**
   * Switches {@code flag}'s toggle off: the toggle the server evaluates for it, i.e. a renamed
   * flag's old toggle while the server has only that ({@link RenamedFlags}).
   *
   * @return the toggle switched
   */
  public String disable(Flag flag) throws IOException {
    String toggle = toggleOf(flag);
    disable(toggle);
    return toggle;
  }

  /** As {@link #disable(Flag)}, switching on. */
  public String enable(Flag flag) throws IOException {
    String toggle = toggleOf(flag);
    enable(toggle);
    return toggle;
  }

  private String toggleOf(Flag flag) throws IOException {
    if (flag.legacyToggleName().isEmpty()) {
      return flag.toggleName();
    }
    try {
      return RenamedFlags.process()
          .toggleToEvaluate(
              flag, this::exists, "Unleash at " + apiBase + " (project " + project + ")");
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private boolean exists(String toggle) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    apiBase + "/admin/projects/" + enc(project) + "/features/" + enc(toggle)))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", adminToken)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while looking up " + toggle, e));
    }
    if (response.statusCode() == 404) {
      return false;
    }
    if (response.statusCode() / 100 != 2) {
      throw new UncheckedIOException(
          new IOException(
              "Unleash answered " + response.statusCode() + " to looking up " + toggle));
    }
    return true;
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
