package io.github.lineage.sink;

import java.time.Duration;

/**
 * How a batch waits between attempts. The sink loop waits while staying in its consumer group and
 * throws {@link BatchAborted} once the worker is asked to stop; tests record the pauses instead.
 */
interface Pause {

  /** Never waits. */
  Pause NONE = backoff -> {};

  void await(Duration backoff);

  /** Called before every write attempt: the place to abandon a batch whose worker is stopping. */
  default void beforeAttempt() {}
}
