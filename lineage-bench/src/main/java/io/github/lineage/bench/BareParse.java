package io.github.lineage.bench;

import io.github.lineage.sql.LineageEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;

/**
 * The parser stage's limit: JSqlParser alone, parsing each whole file with the generated parser
 * ({@code Statements()}: no splitting, no time bound, no lineage analysis, no Kafka), on the same
 * number of threads as the stage. A file the SIMPLE grammar rejects is retried with COMPLEX, as
 * {@code CCJSqlParserUtil} itself does.
 */
final class BareParse {

  /**
   * Files parsed per second, how many did not parse at all, and the CPU time of the threads that
   * parsed them (the calling threads and, for the engine, its parse pool).
   */
  record Result(int threads, int files, double seconds, int failed, double cpuSeconds) {
    double filesPerSecond() {
      return files / seconds;
    }

    double cpuMillisPerFile() {
      return cpuSeconds * 1000 / files;
    }
  }

  /** The engine's parse pool: its threads do the parsing of whoever calls the engine. */
  static final String ENGINE_POOL_THREADS = "lineage-parse-";

  private static final ThreadMXBean CURRENT = ManagementFactory.getThreadMXBean();

  private BareParse() {}

  /** One untimed pass to warm the JIT, then the timed pass. */
  static Result measure(List<String> contents, int threads) throws Exception {
    run(contents.subList(0, Math.min(contents.size(), 2_000)), threads, BareParse::parse, null);
    AtomicLong cpu = new AtomicLong();
    long started = System.nanoTime();
    int failed = run(contents, threads, BareParse::parse, cpu);
    return new Result(
        threads, contents.size(), (System.nanoTime() - started) / 1e9, failed, cpu.get() / 1e9);
  }

  /**
   * The lineage engine alone on the same threads (split, bounded parse, analysis; no Kafka): tells
   * how much of the gap to the bare parser is the engine and how much the stream around it.
   */
  static Result measureEngine(LineageEngine engine, List<String> contents, int threads)
      throws Exception {
    Predicate<String> extract = sql -> engine.extract("bench.sql", sql).errors().isEmpty();
    run(contents.subList(0, Math.min(contents.size(), 2_000)), threads, extract, null);
    AtomicLong cpu = new AtomicLong();
    ThreadCpu pool = ThreadCpu.of(name -> name.startsWith(ENGINE_POOL_THREADS));
    long started = System.nanoTime();
    int failed = run(contents, threads, extract, cpu);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(threads, contents.size(), seconds, failed, cpu.get() / 1e9 + pool.seconds());
  }

  /** {@code cpu}, when given, receives the CPU nanoseconds of the calling threads. */
  private static int run(List<String> contents, int threads, Predicate<String> work, AtomicLong cpu)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(null, r, "bench-bare-parse", 16L * 1024 * 1024);
              t.setDaemon(true);
              return t;
            });
    try {
      Future<?>[] workers = new Future<?>[threads];
      for (int i = 0; i < threads; i++) {
        workers[i] =
            pool.submit(
                () -> {
                  long before = CURRENT.getCurrentThreadCpuTime();
                  for (int k = next.getAndIncrement();
                      k < contents.size();
                      k = next.getAndIncrement()) {
                    if (!work.test(contents.get(k))) {
                      failed.incrementAndGet();
                    }
                  }
                  if (cpu != null) {
                    cpu.addAndGet(CURRENT.getCurrentThreadCpuTime() - before);
                  }
                });
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return failed.get();
  }

  private static boolean parse(String sql) {
    try {
      CCJSqlParserUtil.newParser(sql).Statements();
      return true;
    } catch (ParseException | RuntimeException | Error e) {
      try {
        CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(true).Statements();
        return true;
      } catch (ParseException | RuntimeException | Error again) {
        return false;
      }
    }
  }
}
