package io.github.lineage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.lineage.api.LineageReads.Direction;
import io.github.lineage.api.LineageReads.Level;
import io.github.lineage.core.kafka.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lineage HTTP API (docs/api.md) and the explorer page at {@code /}, on the JDK's HTTP server
 * like the ops endpoints ({@code OpsServer}), on a port of its own. Read-only: every route is a
 * GET.
 */
public final class ApiServer implements AutoCloseable {

  public static final String ENV_PORT = "API_PORT";
  public static final int DEFAULT_PORT = 8080;

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  static {
    noDelay();
  }

  /**
   * The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the
   * body then waits for the client's delayed ACK: ~40 ms on every answer. Read once, when the JDK's
   * server config loads, so a process calls this before its first HTTP server ({@code LineageCli}).
   */
  public static void noDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final Set<String> TRAVERSAL_PARAMS = Set.of("name", "depth", "columns", "limit");

  private final HttpServer server;
  private final ExecutorService executor;
  private final LineageReads reads;
  private final String graph;
  private final ExplorerAssets assets = ExplorerAssets.load();

  private ApiServer(HttpServer server, LineageReads reads, String graph) {
    this.server = server;
    this.reads = reads;
    this.graph = graph;
    AtomicInteger n = new AtomicInteger();
    // A few threads: the page fires several requests at once, and one slow walk must not stall the
    // others.
    this.executor =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "lineage-api-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/api/", this::api);
    server.createContext("/", this::page);
  }

  /**
   * Binds {@code host:port} (0 = any free port) and serves the graph {@code reads} answers from.
   */
  public static ApiServer start(String host, int port, LineageReads reads, String graphDescription)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
    ApiServer api = new ApiServer(http, reads, graphDescription);
    http.start();
    LOG.info("lineage API and explorer on {} ({})", api.uri(), graphDescription);
    return api;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The address clients use: loopback when bound to every interface. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    String host =
        address.getAddress().isAnyLocalAddress()
            ? "127.0.0.1"
            : address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + "/");
  }

  private void api(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!isGet(exchange)) {
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      Object body;
      try {
        body = route(path, query);
      } catch (InvalidRequestException e) {
        error(exchange, 400, "bad_request", e.getMessage());
        return;
      } catch (UnknownNameException e) {
        error(exchange, 404, "not_found", e.getMessage());
        return;
      } catch (ServiceUnavailableException | SessionExpiredException | TransientException e) {
        LOG.warn("graph unavailable for {}: {}", path, e.toString());
        error(exchange, 503, "unavailable", "the graph is not reachable: " + e.getMessage());
        return;
      } catch (ClientException e) {
        LOG.warn("graph refused a read of {}: {}", path, e.toString());
        error(exchange, 503, "unavailable", "the graph refused the read: " + e.code());
        return;
      } catch (RuntimeException e) {
        LOG.error("request {} failed", exchange.getRequestURI(), e);
        error(exchange, 500, "internal", "internal error: " + e.getClass().getSimpleName());
        return;
      }
      if (body == null) {
        error(exchange, 404, "no_such_endpoint", "no endpoint " + path + " (see docs/api.md)");
        return;
      }
      respond(exchange, 200, "application/json; charset=utf-8", json(body));
    }
  }

  /** The answer of one endpoint, or null when there is no such endpoint. */
  private Object route(String path, String query) {
    switch (path) {
      case "/api/upstream", "/api/downstream" -> {
        QueryParams p = QueryParams.parse(query, TRAVERSAL_PARAMS, Set.of());
        Direction direction =
            path.equals("/api/upstream") ? Direction.upstream : Direction.downstream;
        return reads.traverse(
            p.required("name"),
            direction,
            p.bool("columns") ? Level.column : Level.table,
            p.integer("depth", ApiLimits.DEFAULT_DEPTH, 1, ApiLimits.MAX_DEPTH),
            p.integer("limit", ApiLimits.DEFAULT_NODES, 1, ApiLimits.MAX_NODES));
      }
      case "/api/files" -> {
        QueryParams p = QueryParams.parse(query, Set.of("table"), Set.of());
        return reads.files(p.required("table"));
      }
      case "/api/search" -> {
        QueryParams p = QueryParams.parse(query, Set.of("q", "limit"), Set.of());
        return reads.search(
            p.required("q"), p.integer("limit", ApiLimits.DEFAULT_SEARCH, 1, ApiLimits.MAX_SEARCH));
      }
      case "/api/impact" -> {
        QueryParams p =
            QueryParams.parse(
                query, Set.of("name", "depth", "limit", "skipUnknown"), Set.of("name"));
        return reads.impact(
            p.all("name"),
            p.integer("depth", ApiLimits.MAX_DEPTH, 1, ApiLimits.MAX_DEPTH),
            p.integer("limit", ApiLimits.DEFAULT_NODES, 1, ApiLimits.MAX_NODES),
            p.bool("skipUnknown"));
      }
      case "/api/info" -> {
        QueryParams.parse(query, Set.of(), Set.of());
        return Map.of(
            "service",
            "lineage-api",
            "graph",
            graph,
            "limits",
            Map.of(
                "maxDepth",
                ApiLimits.MAX_DEPTH,
                "maxNodes",
                ApiLimits.MAX_NODES,
                "maxEdges",
                ApiLimits.MAX_EDGES,
                "maxSearch",
                ApiLimits.MAX_SEARCH,
                "maxStarts",
                ApiLimits.MAX_STARTS));
      }
      default -> {
        return null;
      }
    }
  }

  private void page(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!isGet(exchange)) {
        return;
      }
      ExplorerAssets.Asset asset = assets.find(exchange.getRequestURI().getPath());
      if (asset == null) {
        respond(
            exchange,
            404,
            "text/plain; charset=utf-8",
            "not found\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      // The page loads nothing but its own files: it works offline, and an injected script has
      // nowhere to go.
      exchange
          .getResponseHeaders()
          .set(
              "Content-Security-Policy",
              "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'");
      respond(exchange, 200, asset.contentType(), asset.bytes());
    }
  }

  private static boolean isGet(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    error(exchange, 405, "method_not_allowed", "only GET is served, got " + method);
    return false;
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    respond(
        exchange,
        status,
        "application/json; charset=utf-8",
        json(Map.of("error", code, "message", message)));
  }

  private static byte[] json(Object body) {
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + body.getClass().getSimpleName(), e);
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] bytes)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
