package io.github.lineage.cli;

import io.github.lineage.api.ApiAddressFile;
import io.github.lineage.api.ApiClient;
import io.github.lineage.api.InvalidRequestException;
import io.github.lineage.api.LineageAnswers;
import io.github.lineage.api.LineageReads;
import io.github.lineage.api.UnknownNameException;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.config.Neo4jSettings;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code lineage query} gets its answers. Unless {@code NEO4J_URI} names a server, a running
 * {@code lineage local} (or {@code lineage serve} on the embedded store) is asked over its API,
 * found through {@code $LINEAGE_HOME/api.json}: milliseconds instead of starting the embedded
 * store. When that process does not answer, the graph is opened as before ({@link
 * GraphConnection}).
 */
final class GraphAnswers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GraphAnswers.class);

  private final EnvReader env;
  private final LineageHome home;
  private ApiClient api;
  private GraphConnection graph;

  private GraphAnswers(EnvReader env, LineageHome home, ApiClient api) {
    this.env = env;
    this.home = home;
    this.api = api;
  }

  static GraphAnswers open(EnvReader env, LineageHome home) {
    boolean namedServer = env.optional(Neo4jSettings.ENV_URI).isPresent();
    Optional<URI> address = namedServer ? Optional.empty() : new ApiAddressFile(home).read();
    return new GraphAnswers(env, home, address.map(ApiClient::new).orElse(null));
  }

  /**
   * Asks the API if one runs, else the graph; a user's mistake comes back as a {@link
   * UserException}.
   */
  <T> T ask(Function<LineageAnswers, T> question) {
    try {
      if (api != null) {
        try {
          return question.apply(api);
        } catch (ApiClient.Unavailable e) {
          LOG.debug("API at {} did not answer ({}); opening the graph", api.base(), e.getMessage());
          api = null;
        }
      }
      if (graph == null) {
        graph = GraphConnection.open(env, home);
      }
      return question.apply(new LineageReads(graph.driver(), java.time.Duration.ofMinutes(5)));
    } catch (UnknownNameException e) {
      throw UserException.notFound(e.getMessage() + " (" + description() + ")");
    } catch (InvalidRequestException e) {
      throw new UserException(e.getMessage());
    }
  }

  String description() {
    return api != null
        ? "lineage API " + api.base()
        : graph != null ? graph.description() : "no graph";
  }

  @Override
  public void close() {
    if (graph != null) {
      graph.close();
    }
  }
}
