package io.github.lineage.watcher;

import java.util.Map;

/**
 * The outcome of the start-up scan.
 *
 * @param expected key ({@code source:path}) to sha256 of every file whose lineage is on the topic:
 *     the state the graph must reach. A file whose newest version was dead-lettered keeps its last
 *     good sha256 here (its last good lineage stays).
 * @param upserts UPSERT events published (new or changed files)
 * @param deletes DELETE events published (files gone while the watcher was down)
 * @param unchanged files whose content is what was last published
 * @param rejected files dead-lettered (too large, binary, not UTF-8, unreadable)
 * @param failed sends that the broker did not acknowledge (retried by the watch loop or the next
 *     start)
 */
public record ReconcileResult(
    Map<String, String> expected,
    int upserts,
    int deletes,
    int unchanged,
    int rejected,
    int failed) {

  public ReconcileResult {
    expected = Map.copyOf(expected);
  }
}
