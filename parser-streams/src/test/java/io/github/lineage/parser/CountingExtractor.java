package io.github.lineage.parser;

import io.github.lineage.core.model.FileLineage;
import io.github.lineage.sql.LineageExtractor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real engine, counting how often it is asked to parse; content containing {@link #EXPLODE}
 * makes it throw, standing in for a bug of the engine itself.
 */
final class CountingExtractor implements LineageExtractor {

  static final String EXPLODE = "-- make the extractor throw";

  private final LineageExtractor delegate;
  private final AtomicInteger calls = new AtomicInteger();

  CountingExtractor(LineageExtractor delegate) {
    this.delegate = delegate;
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
