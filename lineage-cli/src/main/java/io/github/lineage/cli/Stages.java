package io.github.lineage.cli;

import io.github.lineage.core.metrics.StageStatus;
import io.github.lineage.parser.ParserService;
import io.github.lineage.sink.SinkService;
import io.github.lineage.watcher.WatcherService;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The one place that turns each service into the {@link StageStatus} behind {@code /ready} and
 * {@code /health}, for {@code lineage local} and for each service command alike.
 *
 * <p>The watcher reports its own stage. The parser and the sink are read from what they expose
 * today (the Kafka Streams state, the liveness of the sink's worker threads); when they report a
 * {@code StageStatus} of their own, {@link #parser} and {@link #sink} return it instead and
 * nothing else changes.
 */
public final class Stages {

  public static final String WATCHER = "watcher";
  public static final String PARSER = "parser";
  public static final String SINK = "sink";

  private Stages() {}

  public static StageStatus watcher(WatcherService watcher) {
    return watcher.stageStatus();
  }

  /** RUNNING only in Streams' RUNNING; ERROR, or stopped while not asked to, is failed for good. */
  public static StageStatus parser(ParserService parser) {
    return StageStatus.of(PARSER, () -> parserState(parser.state()));
  }

  static StageStatus.State parserState(KafkaStreams.State state) {
    return switch (state) {
      case RUNNING -> StageStatus.State.RUNNING;
      case CREATED, REBALANCING -> StageStatus.State.STARTING;
      case PENDING_ERROR, ERROR, PENDING_SHUTDOWN, NOT_RUNNING -> StageStatus.State.FAILED;
    };
  }

  /** Started and every worker thread alive: running; started and a worker died: failed. */
  public static StageStatus sink(SinkService sink) {
    return StageStatus.of(SINK, () -> sink.isRunning() ? StageStatus.State.RUNNING : StageStatus.State.FAILED);
  }

  /**
   * A stage registered before its service exists, so that {@code /ready} is 503 from the first
   * moment: STARTING until {@link Slot#set} hands it the service's own stage.
   */
  public static final class Slot implements StageStatus {
    private final String name;
    private final AtomicReference<StageStatus> stage = new AtomicReference<>();

    public Slot(String name) {
      this.name = name;
    }

    public void set(StageStatus started) {
      stage.set(started);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public State state() {
      StageStatus started = stage.get();
      return started == null ? State.STARTING : started.state();
    }
  }
}
