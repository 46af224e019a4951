package io.github.lineage.watcher;

import java.util.Set;

/** What one synchronisation pass did; {@code retry} holds paths whose sends failed. */
record SyncReport(
    int upserts, int deletes, int unchanged, int rejected, int failed, Set<String> retry) {

  SyncReport {
    retry = Set.copyOf(retry);
  }

  boolean isEmpty() {
    return upserts + deletes + rejected + failed == 0;
  }
}
