package io.github.lineage.bench;

import io.github.lineage.core.metrics.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Files done by each stage, sampled every {@link #INTERVAL_MS} ms during an ingest: shows where the
 * time goes (waiting in the debounce window, parsing, writing) without a profiler. Logged at INFO.
 */
final class StageTimeline {

  static final long INTERVAL_MS = 250;

  private record Sample(long elapsedMs, long watcher, long parser, long sink) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean running = true;

  private StageTimeline(MeterRegistry registry, long startNanos) {
    DoubleSupplier watcher = counter(registry, MetricNames.STAGE_WATCHER);
    DoubleSupplier parser = counter(registry, MetricNames.STAGE_PARSER);
    DoubleSupplier sink = counter(registry, MetricNames.STAGE_SINK);
    double[] base = {watcher.getAsDouble(), parser.getAsDouble(), sink.getAsDouble()};
    sampler =
        new Thread(
            () -> {
              while (running) {
                Sample s =
                    new Sample(
                        (System.nanoTime() - startNanos) / 1_000_000,
                        Math.round(watcher.getAsDouble() - base[0]),
                        Math.round(parser.getAsDouble() - base[1]),
                        Math.round(sink.getAsDouble() - base[2]));
                synchronized (samples) {
                  samples.add(s);
                }
                try {
                  Thread.sleep(INTERVAL_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-timeline");
    sampler.setDaemon(true);
    sampler.start();
  }

  static StageTimeline start(MeterRegistry registry, long startNanos) {
    return new StageTimeline(registry, startNanos);
  }

  private static DoubleSupplier counter(MeterRegistry registry, String stage) {
    return Meters.counting(registry, MetricNames.FILES_PROCESSED, MetricNames.TAG_STAGE, stage);
  }

  void stop() throws InterruptedException {
    running = false;
    sampler.interrupt();
    sampler.join();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("    ms  watcher   parser     sink\n");
    synchronized (samples) {
      for (Sample s : samples) {
        out.append(
            String.format(
                Locale.ROOT,
                "%6d %8d %8d %8d%n",
                s.elapsedMs(),
                s.watcher(),
                s.parser(),
                s.sink()));
      }
    }
    return out.toString();
  }
}
