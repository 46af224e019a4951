package io.github.lineage.core.flags;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where flags come from: an Unleash server ({@code UNLEASH_URL} set) or a bootstrap file in
 * Unleash's own client-features format.
 *
 * @param url the client API base ({@code http://host:4242/api}); empty means offline
 * @param apiToken a client (backend) token, sent as the {@code Authorization} header
 * @param appName the application name the server sees
 * @param fetchInterval how often the toggles are polled
 * @param bootstrapFile a bootstrap file to use instead of the shipped one
 * @param backupFile where the SDK keeps the last fetched toggles, so a restart while the server is
 *     away starts with them (online mode only; offline uses a private temporary file)
 */
public record UnleashSettings(
    Optional<URI> url,
    Optional<String> apiToken,
    String appName,
    Duration fetchInterval,
    Optional<Path> bootstrapFile,
    Path backupFile) {

  public static final String URL = "UNLEASH_URL";
  public static final String API_TOKEN = "UNLEASH_API_TOKEN";
  public static final String APP_NAME = "UNLEASH_APP_NAME";
  public static final String FETCH_INTERVAL_SECONDS = "UNLEASH_FETCH_INTERVAL_SECONDS";
  public static final String BOOTSTRAP_FILE = "UNLEASH_BOOTSTRAP_FILE";
  public static final String BACKUP_FILE = "UNLEASH_BACKUP_FILE";

  public static final String DEFAULT_APP_NAME = "lineage";
  public static final int DEFAULT_FETCH_INTERVAL_SECONDS = 15;

  public UnleashSettings {
    if (fetchInterval.isNegative() || fetchInterval.isZero()) {
      throw new ConfigException(FETCH_INTERVAL_SECONDS + " must be at least 1 second");
    }
  }

  public static UnleashSettings from(EnvReader env) {
    Optional<URI> url = env.optional(URL).map(UnleashSettings::apiBase);
    String appName = env.string(APP_NAME, DEFAULT_APP_NAME);
    Path backup =
        env.path(
            BACKUP_FILE,
            LineageHome.from(env)
                .root()
                .resolve("unleash")
                .resolve(appName + "-toggles-backup.json"));
    return new UnleashSettings(
        url,
        env.optional(API_TOKEN),
        appName,
        Duration.ofSeconds(
            env.integer(FETCH_INTERVAL_SECONDS, DEFAULT_FETCH_INTERVAL_SECONDS, 1, 86_400)),
        env.optional(BOOTSTRAP_FILE).map(Path::of),
        backup);
  }

  public boolean online() {
    return url.isPresent();
  }

  /** {@code http://unleash:4242} and {@code http://unleash:4242/api} both mean the client API. */
  static URI apiBase(String raw) {
    URI uri;
    try {
      uri = new URI(raw.trim());
    } catch (URISyntaxException e) {
      throw new ConfigException(URL + " is not a valid URL: '" + raw + "'");
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new ConfigException(
          URL + " must be an http(s) URL such as http://unleash:4242/api, got '" + raw + "'");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (path.isEmpty() || path.equals("/")) {
      return uri.resolve("/api");
    }
    return path.endsWith("/") ? uri.resolve(path.substring(0, path.length() - 1)) : uri;
  }
}
