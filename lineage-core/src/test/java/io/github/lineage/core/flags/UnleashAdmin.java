package io.github.lineage.core.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few calls of Unleash's admin and client API the integration tests make (shared with other
 * modules' tests through lineage-core's test jar).
 */
public final class UnleashAdmin {

  public static final String PROJECT = "default";
  public static final String ENVIRONMENT = "development";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String apiBase;
  private final String adminToken;

  /**
   * @param apiBase {@code http://host:port/api}
   */
  public UnleashAdmin(String apiBase, String adminToken) {
    this.apiBase = UnleashSettings.apiBase(apiBase).toString();
    this.adminToken = adminToken;
  }

  /** Creates the {@code path} context field (usable as stickiness) unless it exists. */
  public void ensurePathContextField() {
    if (send("GET", "/admin/context/" + UnleashFlags.PATH_PROPERTY, null, adminToken).statusCode()
        == 404) {
      ObjectNode field =
          MAPPER
              .createObjectNode()
              .put("name", UnleashFlags.PATH_PROPERTY)
              .put("description", "record key source:path")
              .put("stickiness", true);
      expect(send("POST", "/admin/context", field, adminToken), 201);
    }
  }

  /**
   * Makes {@code flag} exist, enabled in {@value #ENVIRONMENT}, with exactly one flexibleRollout
   * strategy at {@code percent} (stickiness {@code path} or {@code default} by the flag's kind).
   */
  public void resetToggle(Flag flag, int percent) {
    resetToggle(flag.toggleName(), flag.stickiness(), percent);
  }

  /** As {@link #resetToggle(Flag, int)} for a toggle by name (a renamed flag's old toggle). */
  public void resetToggle(String name, Flag.Stickiness stickiness, int percent) {
    String feature = featurePath(name);
    if (send("GET", feature, null, adminToken).statusCode() == 404) {
      ObjectNode body = MAPPER.createObjectNode().put("name", name).put("type", "release");
      expect(send("POST", "/admin/projects/" + PROJECT + "/features", body, adminToken), 201);
    }
    for (JsonNode strategy :
        json(expect(send("GET", strategiesPath(name), null, adminToken), 200))) {
      expect(
          send(
              "DELETE", strategiesPath(name) + "/" + strategy.get("id").asText(), null, adminToken),
          200);
    }
    expect(send("POST", strategiesPath(name), rollout(name, stickiness, percent), adminToken), 200);
    expect(send("POST", feature + "/environments/" + ENVIRONMENT + "/on", null, adminToken), 200);
  }

  /** Archives the toggle and deletes it from the archive, unless there is no such toggle. */
  public void removeToggle(String name) {
    if (send("GET", featurePath(name), null, adminToken).statusCode() == 404) {
      return;
    }
    expect(send("DELETE", featurePath(name), null, adminToken), 202);
    expect(
        send(
            "DELETE",
            "/admin/archive/" + URLEncoder.encode(name, StandardCharsets.UTF_8),
            null,
            adminToken),
        200);
  }

  /** Changes the rollout percentage of the toggle's flexibleRollout strategy. */
  public void setRollout(Flag flag, int percent) {
    String strategies = strategiesPath(flag.toggleName());
    String id =
        json(expect(send("GET", strategies, null, adminToken), 200)).get(0).get("id").asText();
    expect(
        send(
            "PUT",
            strategies + "/" + id,
            rollout(flag.toggleName(), flag.stickiness(), percent),
            adminToken),
        200);
  }

  /** What a client with {@code clientToken} is served: {@code /api/client/features}. */
  public JsonNode clientFeatures(String clientToken) {
    return json(expect(send("GET", "/client/features", null, clientToken), 200));
  }

  /** The rollout the server serves now for {@code flag}, or -1 when it serves no such toggle. */
  public int servedRollout(Flag flag, String clientToken) {
    for (JsonNode feature : clientFeatures(clientToken).path("features")) {
      if (feature.path("name").asText().equals(flag.toggleName())) {
        return Integer.parseInt(
            feature.path("strategies").get(0).path("parameters").path("rollout").asText());
      }
    }
    return -1;
  }

  /** Whether the toggle is enabled in {@value #ENVIRONMENT} (what the admin UI's switch shows). */
  public boolean enabledInEnvironment(Flag flag) {
    return enabledInEnvironment(flag.toggleName());
  }

  /** As {@link #enabledInEnvironment(Flag)} for a toggle by name. */
  public boolean enabledInEnvironment(String name) {
    for (JsonNode env :
        json(expect(send("GET", featurePath(name), null, adminToken), 200)).path("environments")) {
      if (env.path("name").asText().equals(ENVIRONMENT)) {
        return env.path("enabled").asBoolean();
      }
    }
    throw new IllegalStateException(name + " has no environment " + ENVIRONMENT);
  }

  public JsonNode contextField(String name) {
    return json(expect(send("GET", "/admin/context/" + name, null, adminToken), 200));
  }

  private static ObjectNode rollout(String name, Flag.Stickiness stickiness, int percent) {
    ObjectNode strategy = MAPPER.createObjectNode().put("name", "flexibleRollout");
    strategy.putArray("constraints");
    strategy
        .putObject("parameters")
        .put("rollout", Integer.toString(percent))
        .put(
            "stickiness",
            stickiness == Flag.Stickiness.FILE ? UnleashFlags.PATH_PROPERTY : "default")
        .put("groupId", name);
    return strategy;
  }

  private static String featurePath(String name) {
    return "/admin/projects/"
        + PROJECT
        + "/features/"
        + URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  private static String strategiesPath(String name) {
    return featurePath(name) + "/environments/" + ENVIRONMENT + "/strategies";
  }

  private HttpResponse<String> send(String method, String path, JsonNode body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(apiBase + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", token)
            .header("Accept", "application/json");
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + apiBase + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.uri()
              + " answered "
              + response.statusCode()
              + " (expected "
              + status
              + "): "
              + response.body());
    }
    return response;
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "not JSON from " + response.uri() + ": " + response.body(), e);
    }
  }
}
