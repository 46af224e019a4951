package io.github.lineage.openlineage;

import io.github.lineage.core.metrics.MetricNames;
import io.github.lineage.core.model.LineageDocument;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlineage.client.Clients;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one OpenLineage {@code RunEvent} per document the sink wrote, from a thread of its own:
 * {@link #written} only queues, so a slow or absent receiver never holds up a graph write. Each
 * event is tried {@link OpenLineageSettings#maxAttempts()} times with backoff, then dropped; a full
 * queue drops new documents. Both are counted in {@code openlineage_events_total{outcome}} ({@code
 * sent}, {@code failed}, {@code dropped}).
 */
public final class OpenLineageEmitter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpenLineageEmitter.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final LineageDocument STOP =
      new LineageDocument(1, "\u0000stop", "", "", "", "", null, null, null);

  private final OpenLineageClient client;
  private final RunEventMapper mapper;
  private final OpenLineageSettings settings;
  private final Clock clock;
  private final BlockingQueue<LineageDocument> queue;
  private final Counter sent;
  private final Counter failed;
  private final Counter dropped;
  private final Thread thread;
  private volatile boolean running = true;

  OpenLineageEmitter(
      OpenLineageClient client, OpenLineageSettings settings, Clock clock, MeterRegistry registry) {
    this.client = client;
    this.settings = settings;
    this.mapper = new RunEventMapper(settings.datasetNamespace());
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.sent = counter(registry, "sent");
    this.failed = counter(registry, "failed");
    this.dropped = counter(registry, "dropped");
    this.thread = new Thread(this::run, "openlineage-emitter");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** An emitter for {@code settings}, or null when OpenLineage is not configured. */
  public static OpenLineageEmitter create(OpenLineageSettings settings, MeterRegistry registry) {
    if (!settings.enabled()) {
      return null;
    }
    OpenLineageClient client;
    if (settings.url().isPresent()) {
      HttpConfig http = new HttpConfig();
      http.setUrl(settings.url().get());
      http.setEndpoint(settings.endpoint());
      http.setTimeoutInMillis(5_000);
      settings
          .apiKey()
          .ifPresent(
              key -> {
                ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
                auth.setApiKey(key);
                http.setAuth(auth);
              });
      client = new OpenLineageClient(new HttpTransport(http));
      LOG.info("OpenLineage events go to {}{}", settings.url().get(), settings.endpoint());
    } else {
      // The client's own configuration (openlineage.yml, OPENLINEAGE__TRANSPORT__*): HTTP, Kafka,
      // ...
      client = Clients.newClient();
      LOG.info("OpenLineage events go where the OpenLineage client configuration says");
    }
    return new OpenLineageEmitter(client, settings, Clock.systemUTC(), registry);
  }

  /**
   * Queues one event per document; never blocks. Deletes have no event (see docs/deployment.md).
   */
  public void written(Collection<LineageDocument> documents) {
    for (LineageDocument document : documents) {
      if (!queue.offer(document)) {
        dropped.increment();
        LOG.debug("OpenLineage queue full, event of {} dropped", document.key());
      }
    }
  }

  private void run() {
    while (running) {
      LineageDocument document;
      try {
        document = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (document == STOP) {
        return;
      }
      emit(document);
    }
  }

  private void emit(LineageDocument document) {
    OpenLineage.RunEvent event;
    try {
      event = mapper.map(document, ZonedDateTime.now(clock));
    } catch (RuntimeException e) {
      failed.increment();
      LOG.warn("no OpenLineage event for {}: {}", document.key(), e.toString());
      return;
    }
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; running; attempt++) {
      try {
        client.emit(event);
        sent.increment();
        return;
      } catch (RuntimeException e) {
        if (attempt >= settings.maxAttempts()) {
          failed.increment();
          LOG.warn(
              "OpenLineage event of {} dropped after {} attempts: {}",
              document.key(),
              attempt,
              e.toString());
          return;
        }
        try {
          TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder(MetricNames.OPENLINEAGE_EVENTS)
        .tag(MetricNames.TAG_OUTCOME, outcome)
        .description(
            "OpenLineage events by outcome: sent, failed after retries, dropped on a full queue")
        .register(registry);
  }

  /** Sends what is queued (up to {@code grace}), then stops. */
  public void close(Duration grace) {
    queue.offer(STOP);
    try {
      thread.join(grace.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
    thread.interrupt();
    try {
      client.close();
    } catch (Exception e) {
      LOG.debug("closing the OpenLineage client: {}", e.toString());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
