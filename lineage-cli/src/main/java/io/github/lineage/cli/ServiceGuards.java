package io.github.lineage.cli;

import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.core.guard.ProcessGuard;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Starts the guard of a service command; a bad guard setting closes the flags and fails the start.
 */
final class ServiceGuards {

  private ServiceGuards() {}

  /** On the process registry: rollbacks are counted whatever {@code lineage.metrics} says. */
  static ProcessGuard start(EnvReader env, Flags flags, MeterRegistry registry) {
    try {
      return ProcessGuard.start(
          env, LineageHome.from(env), flags, FlagsFactory.defaultInstanceId(env), registry);
    } catch (RuntimeException e) {
      flags.close();
      throw e;
    }
  }
}
