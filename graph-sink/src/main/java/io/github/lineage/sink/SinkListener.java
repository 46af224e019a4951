package io.github.lineage.sink;

import io.github.lineage.core.model.LineageDocument;
import java.time.Duration;

/**
 * Told what the sink did, once a batch's offsets are committed (so never twice for one record under
 * normal operation, and never for a write the graph did not keep): for OpenLineage emission and the
 * guard's signals. Called on the worker's thread: implementations hand work off, never block.
 */
public interface SinkListener {

  SinkListener NONE = new SinkListener() {};

  /** A document is in the graph; {@code changeToGraph} from the file's modification. */
  default void written(LineageDocument document, Duration changeToGraph) {}

  /** A file's contribution was removed (its tombstone was applied). */
  default void deleted(String fileKey) {}

  /** A record of this file went to the dead-letter topic. */
  default void deadLettered(String fileKey, String reason) {}
}
