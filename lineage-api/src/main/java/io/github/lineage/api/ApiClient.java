package io.github.lineage.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.api.LineageReads.Direction;
import io.github.lineage.api.LineageReads.Level;
import io.github.lineage.core.kafka.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of the HTTP API, for the CLI: the same records as {@link LineageReads} answers, so a
 * command prints the same whether it asked the API or the graph. A 400 and a 404 come back as the
 * exceptions {@link LineageReads} throws; anything else as {@link Unavailable}, so the caller can
 * fall back to the graph itself.
 */
public final class ApiClient implements LineageAnswers {

  /** The API did not answer, or answered something that is not the API. */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final URI base;
  private final HttpClient http;

  public ApiClient(URI base) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    // The API is local or near: a connect that takes longer means nothing listens usefully.
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  }

  public URI base() {
    return base;
  }

  @Override
  public Traversal traverse(String name, Direction direction, Level level, int depth, int limit) {
    return get("api/" + direction.name() + "?name=" + enc(name) + "&depth=" + depth + "&limit=" + limit
        + (level == Level.column ? "&columns=true" : ""), Traversal.class);
  }

  @Override
  public TableFiles files(String table) {
    return get("api/files?table=" + enc(table), TableFiles.class);
  }

  @Override
  public SearchResult search(String prefix, int limit) {
    return get("api/search?q=" + enc(prefix) + "&limit=" + limit, SearchResult.class);
  }

  @Override
  public Impact impact(List<String> names, int depth, int limit, boolean skipUnknown) {
    List<String> params = new ArrayList<>();
    names.forEach(n -> params.add("name=" + enc(n)));
    return get("api/impact?" + String.join("&", params) + "&depth=" + depth + "&limit=" + limit
        + (skipUnknown ? "&skipUnknown=true" : ""), Impact.class);
  }

  private <T> T get(String pathAndQuery, Class<T> type) {
    URI uri = base.resolve(pathAndQuery);
    HttpResponse<byte[]> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException | HttpTimeoutException e) {
      throw new Unavailable("nothing answers at " + base, e);
    } catch (IOException e) {
      throw new Unavailable("cannot reach " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted", e);
    }
    try {
      if (response.statusCode() == 200) {
        return Json.MAPPER.readValue(response.body(), type);
      }
      JsonNode error = Json.MAPPER.readTree(response.body());
      String message = error.path("message").asText("HTTP " + response.statusCode());
      switch (response.statusCode()) {
        case 400 -> throw new InvalidRequestException(message);
        case 404 -> {
          if (error.path("error").asText().equals("not_found")) {
            throw new UnknownNameException(message);
          }
          throw new Unavailable(base + " is not a lineage API: " + message, null);
        }
        default -> throw new Unavailable(base + " answered " + response.statusCode() + ": " + message, null);
      }
    } catch (IOException e) {
      throw new Unavailable(base + " answered something that is not the lineage API", e);
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
