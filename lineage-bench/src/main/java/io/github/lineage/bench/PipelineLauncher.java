package io.github.lineage.bench;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.sql.LineageEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.neo4j.driver.Driver;

/**
 * Starts the whole pipeline in one process on the embedded stack, watching {@code root}. The
 * command line supplies its {@code lineage local} wiring, so the benchmark measures exactly what a
 * user runs without this module depending on the command line.
 */
@FunctionalInterface
public interface PipelineLauncher {

  Running start(
      Path root,
      Path home,
      EnvReader env,
      Flags flags,
      LineageEngine engine,
      MeterRegistry registry)
      throws Exception;

  /** A started pipeline: its graph, and a close that stops every stage and server. */
  interface Running extends AutoCloseable {
    Driver driver();

    @Override
    void close();
  }
}
