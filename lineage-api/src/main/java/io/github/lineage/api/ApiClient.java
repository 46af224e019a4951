package io.github.lineage.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.api.LineageReads.Direction;
import io.github.lineage.api.LineageReads.Level;
import io.github.lineage.core.kafka.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

  /**
   * {@code base}: the API's root URL. The API is local or near: a connect over 500 ms means nothing
   * listens.
   */
  public ApiClient(URI base) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
  }

  public URI base() {
    return base;
  }

  @Override
  public Traversal traverse(String name, Direction direction, Level level, int depth, int limit) {
    return get(
        "api/"
            + direction.name()
            + "?name="
            + enc(name)
            + "&depth="
            + depth
            + "&limit="
            + limit
            + (level == Level.column ? "&columns=true" : ""),
        Traversal.class);
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
    return get(
        "api/impact?"
            + String.join("&", params)
            + "&depth="
            + depth
            + "&limit="
            + limit
            + (skipUnknown ? "&skipUnknown=true" : ""),
        Impact.class);
  }

  private <T> T get(String pathAndQuery, Class<T> type) {
    URI uri = base.resolve(pathAndQuery);
    int status;
    byte[] body;
    try {
      // HttpURLConnection rather than java.net.http: the latter sets up TLS when it is built, which
      // costs a command-line call more than the whole answer of a local API.
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(60_000);
      connection.setRequestProperty("Accept", "application/json");
      status = connection.getResponseCode();
      try (InputStream in =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        body = in == null ? new byte[0] : in.readAllBytes();
      }
    } catch (ConnectException | SocketTimeoutException e) {
      throw new Unavailable("nothing answers at " + base, e);
    } catch (IOException | IllegalArgumentException e) {
      throw new Unavailable("cannot reach " + base + ": " + e.getMessage(), e);
    }
    try {
      if (status == 200) {
        return Json.MAPPER.readValue(body, type);
      }
      JsonNode error = Json.MAPPER.readTree(body);
      String message = error.path("message").asText("HTTP " + status);
      switch (status) {
        case 400 -> throw new InvalidRequestException(message);
        case 404 -> {
          if (error.path("error").asText().equals("not_found")) {
            throw new UnknownNameException(message);
          }
          throw new Unavailable(base + " is not a lineage API: " + message, null);
        }
        default -> throw new Unavailable(base + " answered " + status + ": " + message, null);
      }
    } catch (IOException e) {
      throw new Unavailable(base + " answered something that is not the lineage API", e);
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
