package io.github.lineage.cli;

import io.github.lineage.core.metrics.StageStatus;
import io.github.lineage.parser.ParserService;
import io.github.lineage.sink.SinkService;
import io.github.lineage.watcher.WatcherService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place that turns each service into the {@link StageStatus} behind {@code /ready} and
 * {@code /health}, for {@code lineage local} and for each service command alike.
 *
 * <p>Each service reports its own stage; this class names them in one place and lets a command
 * register a {@link Slot} before the service exists.
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
    return parser.stageStatus();
  }

  /** Running once every worker joined its group; a worker thread that died is failed for good. */
  public static StageStatus sink(SinkService sink) {
    return sink.stageStatus();
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
