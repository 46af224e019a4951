package io.github.lineage.cli;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.flags.FlagMetrics;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.metrics.Metrics;
import io.github.lineage.core.metrics.OpsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service command (watch, parse-streams, sink) does around its stage: the process
 * registry, the flags behind the guard, the ops server on {@code METRICS_PORT}, and a shutdown hook
 * that closes everything the command started, last started first. A command that fails half-way
 * closes the launcher, which closes what was started so far.
 */
final class ServiceLauncher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

  private final String name;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final PrometheusMeterRegistry registry = Metrics.newRegistry();
  private final ProcessGuard guard;
  private final OpsServer ops;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private ServiceLauncher(String name, EnvReader env, Flags flags) {
    this.name = name;
    // From the start: a SIGTERM while the stage is still starting closes what has started.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    close();
                  } finally {
                    stopped.countDown();
                  }
                },
                name + "-shutdown"));
    // The guard closes the flags itself when a guard setting is wrong.
    this.guard = ServiceGuards.start(env, flags, registry);
    own(flags);
    own(guard);
    FlagMetrics.bind(guard.flags(), registry);
    int port = env.integer(OpsServer.ENV_PORT, OpsServer.DEFAULT_PORT, 0, 65535);
    try {
      this.ops = own(OpsServer.start("0.0.0.0", port, registry));
    } catch (IOException e) {
      close();
      throw UserException.config(
          "cannot serve metrics on port "
              + port
              + " ("
              + e.getMessage()
              + "); set "
              + OpsServer.ENV_PORT);
    }
  }

  /**
   * Starts the guard over {@code flags} and the ops server; {@code name} names the shutdown thread.
   */
  static ServiceLauncher start(String name, EnvReader env, Flags flags) {
    return new ServiceLauncher(name, env, flags);
  }

  /** Closed at shutdown (or when the start fails), after everything owned later. */
  <T extends AutoCloseable> T own(T resource) {
    if (resource != null) {
      started.push(resource);
    }
    return resource;
  }

  ProcessGuard guard() {
    return guard;
  }

  /** The flags as the guard decides them: a rollback takes effect in this process at once. */
  Flags flags() {
    return guard.flags();
  }

  /** The process registry: what is on it is scraped whatever {@code lineage.metrics} says. */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The registry the stages record on, silent while {@code lineage.metrics} is off. */
  MeterRegistry stageRegistry() {
    return Metrics.forStages(guard.flags(), registry);
  }

  OpsServer ops() {
    return ops;
  }

  /**
   * Blocks until SIGTERM or Ctrl-C has run the shutdown hook, which closes everything owned, last
   * started first (the stage before the servers it uses); then exit code 0.
   */
  int awaitShutdown() throws InterruptedException {
    stopped.await();
    return ExitCodes.OK;
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable resource = started.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn(
            "{}: error while stopping {}: {}",
            name,
            resource.getClass().getSimpleName(),
            e.toString());
      }
    }
  }
}
