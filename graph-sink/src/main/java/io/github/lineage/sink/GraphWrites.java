package io.github.lineage.sink;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** The two ways the sink writes documents to the graph; {@link GraphWriter} is the real one. */
interface GraphWrites {

  /**
   * Writes {@code changes} (at most one per file) in one transaction, all or nothing, leaving out
   * every change at or below its partition's fence; returns the keys left out.
   */
  Set<String> writeBatched(Collection<FileState> changes, Map<String, Position> positions);

  /**
   * The baseline: one transaction per node or edge of one file (unfenced). A retried document
   * passes the same {@code progress}.
   */
  void writePerEntity(FileState change, GraphWriter.Detached progress);
}
