package io.github.lineage.core.flags;

import io.getunleash.util.UnleashScheduledExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's scheduler, one per client. The SDK's default is a JVM-wide singleton that one client's
 * {@code shutdown()} stops for all, and it hands every evaluation event to a thread pool: at one
 * evaluation per record that is a task per record. Here periodic work (polling, metrics) runs on
 * one daemon thread and one-off work (event delivery, the initial fetch) runs inline; our
 * subscriber does nothing per evaluation, so inline delivery costs a method call.
 */
final class SdkExecutor implements UnleashScheduledExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(SdkExecutor.class);

  private final ScheduledExecutorService timer;

  SdkExecutor(String threadName) {
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void setInterval(Runnable command, long initialDelaySeconds, long periodSeconds) {
    // A periodic task that throws is never run again: keep polling through any failure.
    Runnable guarded =
        () -> {
          try {
            command.run();
          } catch (RuntimeException e) {
            LOG.warn("Unleash background task failed: {}", e.toString());
          }
        };
    timer.scheduleAtFixedRate(guarded, initialDelaySeconds, periodSeconds, TimeUnit.SECONDS);
  }

  @Override
  public Future<Void> scheduleOnce(Runnable command) {
    command.run();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void shutdown() {
    timer.shutdown();
  }

  @Override
  public void shutdownNow() {
    timer.shutdownNow();
  }
}
