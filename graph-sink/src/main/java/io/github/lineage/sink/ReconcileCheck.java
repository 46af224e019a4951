package io.github.lineage.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a starting sink must reconcile the graph with the documents topic (pure). A delete
 * reaches the sink only as a tombstone, and the broker drops a tombstone {@code
 * delete.retention.ms} after the log cleaner first saw it: a sink away for longer may never read
 * it, and the deleted file would stay in the graph. So the sink reconciles when the graph holds
 * files and either some partition was last caught up longer ago than that, or there is no record
 * for some partition at all (the first start of a sink that keeps no record, i.e. an upgrade, or a
 * topic created again).
 */
final class ReconcileCheck {

  /**
   * @param reason one line for the log
   */
  record Decision(boolean reconcile, String reason) {}

  private ReconcileCheck() {}

  /**
   * @param files File nodes in the graph
   * @param partitions the topic's partition count
   * @param absence partition → milliseconds since the sink was last caught up with it (graph clock)
   * @param deleteRetention the topic's {@code delete.retention.ms}
   */
  static Decision decide(
      long files, int partitions, Map<Integer, Long> absence, Duration deleteRetention) {
    if (files == 0) {
      return new Decision(false, "the graph holds no files");
    }
    List<Integer> unrecorded = new ArrayList<>();
    int longest = -1;
    for (int p = 0; p < partitions; p++) {
      Long ago = absence.get(p);
      if (ago == null) {
        unrecorded.add(p);
      } else if (longest < 0 || ago > absence.get(longest)) {
        longest = p;
      }
    }
    if (!unrecorded.isEmpty()) {
      return new Decision(
          true,
          "the graph holds "
              + files
              + " files but the sink has no record of reading partition(s) "
              + unrecorded
              + " (first start of a sink that keeps one, or a new topic)");
    }
    if (longest < 0) {
      return new Decision(false, "the topic has no partitions");
    }
    Duration away = Duration.ofMillis(absence.get(longest));
    if (away.compareTo(deleteRetention) > 0) {
      return new Decision(
          true,
          "the sink was last caught up with partition "
              + longest
              + " "
              + away
              + " ago, longer than delete.retention.ms "
              + deleteRetention
              + ": deletes may have been compacted away");
    }
    return new Decision(
        false,
        "the sink was last caught up "
            + away
            + " ago (partition "
            + longest
            + "), within delete.retention.ms "
            + deleteRetention);
  }
}
