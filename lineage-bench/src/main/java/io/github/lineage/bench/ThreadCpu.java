package io.github.lineage.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of the threads a stage runs on, by thread name: on a machine where the embedded broker
 * and Neo4j share the cores, the stage's own threads are the fair measure of its cost (process CPU
 * would charge it the broker's work). JIT and GC threads are nobody's and are left out on both
 * sides of a comparison.
 */
final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Predicate<String> names;
  private final Map<Long, Long> start;

  private ThreadCpu(Predicate<String> names) {
    this.names = names;
    this.start = sample(names);
  }

  /** Starts counting the CPU of the threads whose names {@code names} accepts, now and later. */
  static ThreadCpu of(Predicate<String> names) {
    return new ThreadCpu(names);
  }

  /**
   * CPU seconds the matching threads used since {@link #of}; a thread that ended in between is not
   * counted, so call this while the stage still runs.
   */
  double seconds() {
    long total = 0;
    for (Map.Entry<Long, Long> e : sample(names).entrySet()) {
      total += e.getValue() - start.getOrDefault(e.getKey(), 0L);
    }
    return total / 1e9;
  }

  private static Map<Long, Long> sample(Predicate<String> names) {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && names.test(info.getThreadName())) {
        long nanos = THREADS.getThreadCpuTime(info.getThreadId());
        if (nanos >= 0) {
          cpu.put(info.getThreadId(), nanos);
        }
      }
    }
    return cpu;
  }
}
