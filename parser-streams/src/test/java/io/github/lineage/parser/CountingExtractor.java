package io.github.lineage.parser;

import io.github.lineage.core.model.FileLineage;
import io.github.lineage.dbt.DbtLineage;
import io.github.lineage.sql.Catalog;
import io.github.lineage.sql.LineageEngine;
import io.github.lineage.sql.LineageExtractor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real engine, counting how often it is asked to parse; content containing {@link #EXPLODE}
 * makes it throw, standing in for a bug of the engine itself. dbt models' statements are counted
 * apart ({@link #modelCalls()}).
 */
final class CountingExtractor implements LineageExtractor, DbtLineage.ModelParser {

  static final String EXPLODE = "-- make the extractor throw";

  private final LineageEngine delegate;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger modelCalls = new AtomicInteger();

  CountingExtractor(LineageEngine delegate) {
    this.delegate = delegate;
  }

  @Override
  public FileLineage extract(String path, String statement, Catalog.Builder catalog) {
    modelCalls.incrementAndGet();
    return delegate.extract(path, statement, catalog);
  }

  /** dbt model statements parsed (not served from the parse cache). */
  int modelCalls() {
    return modelCalls.get();
  }

  @Override
  public FileLineage extract(String path, String content) {
    calls.incrementAndGet();
    if (content.contains(EXPLODE)) {
      throw new IllegalStateException("extractor bug on " + path);
    }
    return delegate.extract(path, content);
  }

  @Override
  public String version() {
    return delegate.version();
  }

  int calls() {
    return calls.get();
  }
}
