package io.github.lineage.core.metrics;

/**
 * The run state of one stage of a process (watcher, parser streams, a sink worker pool), as the ops
 * endpoints see it: {@code /ready} is 503 until every registered stage is {@link State#RUNNING},
 * {@code /health} is 503 once any stage is {@link State#FAILED} (stopped for good), so an
 * orchestrator restarts the process.
 */
public interface StageStatus {

  /** Where a stage is in its life. */
  enum State {
    /** Not yet doing its work (connecting, first scan, waiting for an assignment, rebalancing). */
    STARTING,
    /** Doing its work. */
    RUNNING,
    /** Stopped for good; only a restart of the process brings it back. */
    FAILED
  }

  String name();

  State state();

  static StageStatus of(String name, java.util.function.Supplier<State> state) {
    return new StageStatus() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public State state() {
        return state.get();
      }
    };
  }
}
