package io.github.lineage.cli;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.BaseSession;
import org.neo4j.driver.BookmarkManager;
import org.neo4j.driver.Driver;
import org.neo4j.driver.ExecutableQuery;
import org.neo4j.driver.QueryConfig;
import org.neo4j.driver.SessionConfig;

/**
 * A driver whose sessions and executable queries all run on one database ({@code NEO4J_DATABASE}),
 * so that the sink, the schema, the queries and the probes need not pass it on every call. A
 * session asked for with a database of its own keeps it.
 */
final class DatabaseDriver implements Driver {

  private final Driver delegate;
  private final String database;

  DatabaseDriver(Driver delegate, String database) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.database = Objects.requireNonNull(database, "database");
  }

  String database() {
    return database;
  }

  @Override
  public <T extends BaseSession> T session(
      Class<T> sessionClass, SessionConfig config, AuthToken auth) {
    return delegate.session(sessionClass, onDatabase(config), auth);
  }

  /** The config with this driver's database, everything else as given. */
  SessionConfig onDatabase(SessionConfig config) {
    if (config.database().isPresent()) {
      return config;
    }
    SessionConfig.Builder builder =
        SessionConfig.builder()
            .withDatabase(database)
            .withBookmarks(config.bookmarks())
            .withDefaultAccessMode(config.defaultAccessMode())
            .withDisabledNotificationClassifications(config.disabledNotificationClassifications())
            .withAutoCommitRetriesMode(config.autoCommitRetriesMode());
    config.fetchSize().ifPresent(builder::withFetchSize);
    config.impersonatedUser().ifPresent(builder::withImpersonatedUser);
    config.bookmarkManager().ifPresent(builder::withBookmarkManager);
    config.minimumNotificationSeverity().ifPresent(builder::withMinimumNotificationSeverity);
    return builder.build();
  }

  /**
   * The query on this driver's database; a later {@code withConfig} of the caller replaces that.
   */
  @Override
  public ExecutableQuery executableQuery(String query) {
    return delegate
        .executableQuery(query)
        .withConfig(QueryConfig.builder().withDatabase(database).build());
  }

  @Override
  public BookmarkManager executableQueryBookmarkManager() {
    return delegate.executableQueryBookmarkManager();
  }

  @Override
  public boolean isEncrypted() {
    return delegate.isEncrypted();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public CompletionStage<Void> closeAsync() {
    return delegate.closeAsync();
  }

  @Override
  public void verifyConnectivity() {
    delegate.verifyConnectivity();
  }

  @Override
  public CompletionStage<Void> verifyConnectivityAsync() {
    return delegate.verifyConnectivityAsync();
  }

  @Override
  public boolean verifyAuthentication(AuthToken authToken) {
    return delegate.verifyAuthentication(authToken);
  }

  @Override
  public boolean supportsSessionAuth() {
    return delegate.supportsSessionAuth();
  }

  @Override
  public boolean supportsMultiDb() {
    return delegate.supportsMultiDb();
  }

  @Override
  public CompletionStage<Boolean> supportsMultiDbAsync() {
    return delegate.supportsMultiDbAsync();
  }
}
