package io.github.lineage.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU and memory of this process over one measured interval. The embedded Kafka and Neo4j run in
 * this JVM, so the figures cover the whole stack, servers included.
 */
final class ResourceProbe {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  /** CPU and memory used between {@link #start()} and {@link #stop()}. */
  record Usage(
      double cpuSeconds,
      double wallSeconds,
      long peakHeapBytes,
      long peakRssBytes,
      boolean rssPeakReset) {
    /** Average number of cores kept busy. */
    @com.fasterxml.jackson.annotation.JsonProperty
    double cores() {
      return wallSeconds <= 0 ? 0 : cpuSeconds / wallSeconds;
    }
  }

  private long cpuStart;
  private long wallStart;
  private boolean rssReset;

  static ResourceProbe start() {
    ResourceProbe probe = new ResourceProbe();
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    probe.rssReset = resetRssPeak();
    probe.cpuStart = processCpuNanos();
    probe.wallStart = System.nanoTime();
    return probe;
  }

  Usage stop() {
    long cpu = processCpuNanos() - cpuStart;
    long wall = System.nanoTime() - wallStart;
    long heap =
        heapPools().stream()
            .mapToLong(p -> p.getPeakUsage() == null ? 0 : p.getPeakUsage().getUsed())
            .sum();
    return new Usage(cpu / 1e9, wall / 1e9, heap, rssPeakBytes(), rssReset);
  }

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  /** Linux resets the high-water mark of the resident set when 5 is written to clear_refs. */
  private static boolean resetRssPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** VmHWM of /proc/self/status (peak resident set), or -1 where there is no such file. */
  static long rssPeakBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no figure
    }
    return -1;
  }
}
