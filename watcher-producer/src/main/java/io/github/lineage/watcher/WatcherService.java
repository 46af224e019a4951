package io.github.lineage.watcher;

import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.metrics.StageStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher-producer: publishes every matching file under the root to {@code
 * lineage.file-changes} and keeps doing so as files change.
 *
 * <p>{@link #reconcile()} is the start-up scan (changes made while the watcher was down, deletions
 * included, are published); {@link #startWatching()} then follows the filesystem on a background
 * thread; {@link #start()} does both, after creating the topics. Delivery is at-least-once: the
 * published state is written only after the broker acknowledged, and the keys of each pass are
 * written down before they are sent, so a crash re-sends, never loses.
 *
 * <p>While watching, a full rescan runs every {@link WatcherConfig#rescanInterval()}: inotify does
 * not see everything (a directory it could not register, other NFS clients' writes, a hard link
 * written from elsewhere), and the rescan reconciles the root with the published state whatever the
 * events said. As a stage ({@link #stageStatus()}) the watcher is running once a full scan was
 * published without a failed send, and failed for good once the watch thread died (the root
 * vanished, an error escaped the loop).
 */
public final class WatcherService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WatcherService.class);
  private static final Duration IDLE_POLL = Duration.ofSeconds(1);
  private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

  private final WatcherConfig config;
  private final KafkaSettings kafka;
  private final PublishedState state;
  private final Publisher publisher;
  private final Synchronizer synchronizer;
  private final SettleQueue queue;
  private final WatcherMetrics metrics;
  private final Object lifecycle = new Object();
  private DirectoryWatcher watcher;
  private Thread thread;
  private volatile boolean running;
  private volatile boolean closed;
  private volatile boolean scanPublished;
  private volatile boolean failed;

  public WatcherService(WatcherConfig config, KafkaSettings kafka, MeterRegistry registry) {
    this(config, kafka, registry, Map.of());
  }

  /** {@code producerOverrides} replace producer settings (tests shorten timeouts with them). */
  WatcherService(
      WatcherConfig config,
      KafkaSettings kafka,
      MeterRegistry registry,
      Map<String, Object> producerOverrides) {
    this.config = Objects.requireNonNull(config, "config");
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.state =
        PublishedState.load(config.stateDir(), kafka.topics().fileChanges(), config.source());
    this.publisher =
        new Publisher(
            kafka, "lineage-watcher-" + config.source(), config.maxFileBytes(), producerOverrides);
    publisher.bindMetrics(registry);
    this.metrics = new WatcherMetrics(registry);
    this.synchronizer = new Synchronizer(config, state, publisher, metrics, Clock.systemUTC());
    this.queue = new SettleQueue(config.settleDelay(), System::nanoTime);
  }

  /** Creates the topics if missing, registers the watches, reconciles, then watches. */
  public ReconcileResult start() {
    TopicProvisioner.ensureTopics(kafka, TOPIC_TIMEOUT);
    // Watches first: a change made during the scan is then both scanned and queued, never missed.
    openWatcher();
    ReconcileResult result = reconcile();
    startWatching();
    return result;
  }

  /** The start-up scan: publishes what changed since the last published state. */
  public ReconcileResult reconcile() {
    long started = System.nanoTime();
    SyncReport report = fullScan();
    ReconcileResult result =
        new ReconcileResult(
            state.snapshot(),
            report.upserts(),
            report.deletes(),
            report.unchanged(),
            report.rejected(),
            report.failed());
    LOG.info(
        "reconciled {} as source '{}' in {} ms: {} upserts, {} deletes, {} unchanged, {} dead-lettered, {} failed",
        config.root(),
        config.source(),
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        result.upserts(),
        result.deletes(),
        result.unchanged(),
        result.rejected(),
        result.failed());
    return result;
  }

  /** A full pass; the first one without a failed send makes the stage running. */
  private SyncReport fullScan() {
    SyncReport report = synchronizer.syncAll();
    if (report.failed() == 0) {
      scanPublished = true;
    }
    return report;
  }

  /**
   * This watcher as a stage of its process: STARTING until a full scan was published (every send
   * acknowledged), RUNNING after, FAILED once the watch thread stopped without {@link #close()}.
   */
  public StageStatus stageStatus() {
    return StageStatus.of(MetricNames.STAGE_WATCHER, this::stageState);
  }

  StageStatus.State stageState() {
    Thread t = thread;
    if (failed || (t != null && !t.isAlive() && !closed)) {
      return StageStatus.State.FAILED;
    }
    return scanPublished ? StageStatus.State.RUNNING : StageStatus.State.STARTING;
  }

  /** Follows the filesystem on a background thread; calling it again does nothing. */
  public void startWatching() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("watcher is closed");
      }
      if (thread != null) {
        return;
      }
      boolean registeredNow = openWatcher();
      if (registeredNow) {
        // Anything that changed between the reconcile and the registration is found by a rescan.
        queue.requestFullScan();
      }
      running = true;
      thread = new Thread(this::watchLoop, "lineage-watcher-" + config.source());
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Key ({@code source:path}) to sha256 of every file whose current lineage is on the topic. */
  public Map<String, String> expected() {
    return state.snapshot();
  }

  public WatcherConfig config() {
    return config;
  }

  /** True while the watch thread runs. */
  public boolean isWatching() {
    Thread t = thread;
    return running && t != null && t.isAlive();
  }

  /** Returns true when the watches were registered by this call. */
  private boolean openWatcher() {
    synchronized (lifecycle) {
      if (watcher != null) {
        return false;
      }
      try {
        watcher = new DirectoryWatcher(config);
        watcher.registerAll();
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot watch " + config.root() + ": " + e.getMessage(), e);
      }
    }
  }

  private void watchLoop() {
    LOG.info(
        "watching {} for changes ({} directories, full rescan every {})",
        config.root(),
        watcher.watchedDirectories(),
        config.rescanInterval().isZero() ? "never" : config.rescanInterval());
    long interval = config.rescanInterval().toNanos();
    long nextRescan = interval > 0 ? System.nanoTime() + interval : Long.MAX_VALUE;
    long nextRetry = scanPublished ? Long.MAX_VALUE : System.nanoTime() + RETRY_DELAY.toNanos();
    try {
      while (running) {
        try {
          if (!Files.isDirectory(config.root(), LinkOption.NOFOLLOW_LINKS)) {
            // Deleting every file's lineage because a mount went away would be worse than stopping.
            LOG.error(
                "the watched root {} is gone or no longer a directory: the watcher stops (a restart re-checks it)",
                config.root());
            failed = true;
            break;
          }
          long now = System.nanoTime();
          long untilFull = Math.max(0, Math.min(nextRescan, nextRetry) - now);
          Duration wait = queue.timeUntilNextDue(IDLE_POLL);
          if (untilFull < wait.toNanos()) {
            wait = Duration.ofNanos(untilFull);
          }
          watcher.poll(wait, queue);
          now = System.nanoTime();
          boolean periodic = now - nextRescan >= 0;
          if (periodic || now - nextRetry >= 0) {
            queue.requestFullScan();
          }
          SyncReport report;
          if (queue.takeFullScan()) {
            metrics.rescanned();
            report = fullScan();
            if (periodic && !report.isEmpty()) {
              LOG.warn(
                  "the periodic rescan found changes the filesystem events had not reported: "
                      + "{} upserts, {} deletes, {} dead letters",
                  report.upserts(),
                  report.deletes(),
                  report.rejected());
            }
            nextRescan = interval > 0 ? System.nanoTime() + interval : Long.MAX_VALUE;
            nextRetry = scanPublished ? Long.MAX_VALUE : System.nanoTime() + RETRY_DELAY.toNanos();
          } else {
            var due = queue.drainDue();
            if (due.isEmpty()) {
              continue;
            }
            report = synchronizer.sync(due);
          }
          for (String path : report.retry()) {
            queue.addLater(path, RETRY_DELAY);
          }
        } catch (ClosedWatchServiceException e) {
          break;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (RuntimeException e) {
          // One bad pass must not end the watch; the next event or rescan tries again.
          LOG.error("watch loop error (continuing, with a rescan): {}", e.toString(), e);
          queue.requestFullScan();
          pause();
        }
      }
    } finally {
      if (!closed) {
        failed = true;
        LOG.error("the watch thread of {} stopped: the watcher stage has failed", config.root());
      }
    }
    LOG.info("stopped watching {}", config.root());
  }

  private void pause() {
    try {
      long until = System.nanoTime() + RETRY_DELAY.toNanos();
      while (running && System.nanoTime() < until) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops watching, sends what is buffered and persists the state. */
  @Override
  public void close() {
    if (!stopThread()) {
      return;
    }
    try {
      publisher.flush();
      state.persist();
    } catch (IOException e) {
      LOG.error("cannot persist watcher state {}: {}", state.file(), e.toString());
    } finally {
      publisher.close();
    }
  }

  /** For crash tests: stops as a kill would, without flushing or persisting anything more. */
  void abandon() {
    state.disablePersistence();
    stopThread();
    publisher.abort();
  }

  /** Returns false when already closed. */
  private boolean stopThread() {
    Thread t;
    synchronized (lifecycle) {
      if (closed) {
        return false;
      }
      closed = true;
      running = false;
      t = thread;
      if (watcher != null) {
        watcher.close();
      }
    }
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return true;
  }
}
