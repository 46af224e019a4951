package io.github.lineage.openlineage;

import io.github.lineage.core.config.ConfigException;
import io.github.lineage.core.config.EnvReader;
import java.net.URI;
import java.util.Optional;

/**
 * Whether and where the sink sends OpenLineage events, read once from the environment.
 *
 * @param url the receiver's base URL ({@code OPENLINEAGE_URL}, e.g. Marquez {@code
 *     http://marquez:5000}); empty: events go wherever the OpenLineage client's own configuration
 *     says ({@code OPENLINEAGE_CONFIG} file, {@code OPENLINEAGE__TRANSPORT__*} variables), or
 *     nowhere
 * @param endpoint the path of the lineage API under {@code url}
 * @param apiKey bearer token for the receiver, if it needs one
 * @param datasetNamespace namespace of every table dataset (OpenLineage names a dataset by the data
 *     source it lives in, e.g. {@code postgres://db:5432}; the files do not say which)
 * @param clientConfigured the client's own configuration is present
 * @param queueCapacity documents waiting to be emitted before new ones are dropped (and counted)
 * @param maxAttempts attempts of one event before it is dropped (and counted)
 */
public record OpenLineageSettings(
    Optional<URI> url,
    String endpoint,
    Optional<String> apiKey,
    String datasetNamespace,
    boolean clientConfigured,
    int queueCapacity,
    int maxAttempts) {

  public static final String ENV_URL = "OPENLINEAGE_URL";
  public static final String ENV_ENDPOINT = "OPENLINEAGE_ENDPOINT";
  public static final String ENV_API_KEY = "OPENLINEAGE_API_KEY";
  public static final String ENV_DATASET_NAMESPACE = "OPENLINEAGE_DATASET_NAMESPACE";

  /** The OpenLineage client's own settings; their presence turns emission on. */
  public static final String ENV_CLIENT_CONFIG = "OPENLINEAGE_CONFIG";

  public static final String ENV_CLIENT_TRANSPORT_PREFIX = "OPENLINEAGE__TRANSPORT__";
  public static final String ENV_QUEUE_CAPACITY = "OPENLINEAGE_QUEUE_CAPACITY";
  public static final String ENV_MAX_ATTEMPTS = "OPENLINEAGE_MAX_ATTEMPTS";

  public static final String DEFAULT_ENDPOINT = "/api/v1/lineage";
  public static final String DEFAULT_DATASET_NAMESPACE = "warehouse";

  public OpenLineageSettings {
    if (datasetNamespace == null || datasetNamespace.isBlank()) {
      throw new ConfigException(ENV_DATASET_NAMESPACE + " must not be blank");
    }
    if (queueCapacity < 1 || maxAttempts < 1) {
      throw new ConfigException(ENV_QUEUE_CAPACITY + " and " + ENV_MAX_ATTEMPTS + " must be >= 1");
    }
  }

  public static OpenLineageSettings from(EnvReader env) {
    Optional<URI> url =
        env.optional(ENV_URL)
            .filter(s -> !s.isBlank())
            .map(
                s -> {
                  try {
                    URI uri = URI.create(s.trim());
                    if (uri.getScheme() == null || uri.getHost() == null) {
                      throw new IllegalArgumentException("no scheme or host");
                    }
                    return uri;
                  } catch (IllegalArgumentException e) {
                    throw new ConfigException(ENV_URL + " is not a URL: " + s);
                  }
                });
    boolean clientConfigured =
        env.optional(ENV_CLIENT_CONFIG).isPresent()
            || env.names().stream().anyMatch(n -> n.startsWith(ENV_CLIENT_TRANSPORT_PREFIX));
    return new OpenLineageSettings(
        url,
        env.string(ENV_ENDPOINT, DEFAULT_ENDPOINT),
        env.optional(ENV_API_KEY).filter(s -> !s.isBlank()),
        env.string(ENV_DATASET_NAMESPACE, DEFAULT_DATASET_NAMESPACE),
        clientConfigured,
        env.integer(ENV_QUEUE_CAPACITY, 10_000, 1, 10_000_000),
        env.integer(ENV_MAX_ATTEMPTS, 5, 1, 1_000));
  }

  /** Whether the sink emits at all. */
  public boolean enabled() {
    return url.isPresent() || clientConfigured;
  }
}
