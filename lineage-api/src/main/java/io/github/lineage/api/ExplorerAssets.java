package io.github.lineage.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The explorer page's files, read once from the jar's {@code explorer/} resources. Only the files
 * listed here are served, by exact path: a request path never reaches the class path or the disk.
 */
final class ExplorerAssets {

  record Asset(String contentType, byte[] bytes) {}

  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8",
          "vendor/cytoscape.min.js", "text/javascript; charset=utf-8",
          "vendor/LICENSE-cytoscape.txt", "text/plain; charset=utf-8");

  private final Map<String, Asset> assets;

  private ExplorerAssets(Map<String, Asset> assets) {
    this.assets = assets;
  }

  static ExplorerAssets load() {
    Map<String, Asset> assets = new TreeMap<>();
    FILES.forEach(
        (name, type) -> {
          try (InputStream in = ExplorerAssets.class.getResourceAsStream("/explorer/" + name)) {
            if (in == null) {
              throw new IllegalStateException(
                  "explorer asset missing from the jar: explorer/" + name);
            }
            assets.put(name, new Asset(type, in.readAllBytes()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return new ExplorerAssets(assets);
  }

  /** The asset at a request path ({@code /} is the page), or null. */
  Asset find(String path) {
    if (path.equals("/") || path.equals("/index.html")) {
      return assets.get("index.html");
    }
    return path.startsWith("/explorer/") ? assets.get(path.substring("/explorer/".length())) : null;
  }
}
