package io.github.lineage.sink;

import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.sink.DecodedRecord.Change;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one batch of records came to. Every record of the batch is accounted for: written,
 * superseded by a later record of its key in the same batch, left out by the fence, or
 * dead-lettered.
 *
 * @param records the records of the batch
 * @param written the changes now in the graph (one per key)
 * @param fenced the changes left out: their partition's fence was at or above their offset, so a
 *     newer document of that partition is already in the graph
 * @param deadLetters the letters to send, with the original bytes (undecodable, invalid, failed
 *     writes)
 * @param batched changes routed to the batched path (flag {@code neo4j-batch} on for their key)
 * @param baseline changes routed to the per-entity path
 */
record BatchOutcome(
    int records,
    List<Change> written,
    List<Change> fenced,
    List<DeadLetter> deadLetters,
    int batched,
    int baseline) {

  BatchOutcome {
    written = List.copyOf(written);
    fenced = List.copyOf(fenced);
    deadLetters = List.copyOf(deadLetters);
  }

  Set<String> fencedKeys() {
    Set<String> keys = new TreeSet<>();
    fenced.forEach(c -> keys.add(c.change().key()));
    return keys;
  }

  Set<String> writtenKeys() {
    Set<String> keys = new TreeSet<>();
    written.forEach(c -> keys.add(c.change().key()));
    return keys;
  }
}
