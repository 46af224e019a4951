package io.github.lineage.sink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link GraphWrites} that fails as its script says, for unit tests of the batch processor: each
 * call first takes the next scripted failure (if any), then fails if it holds a key scripted to
 * fail always, and otherwise applies the changes to an in-memory map of key to change. Every call
 * is logged as {@code batch[a, b]} (a transaction of several documents), {@code one[a]} (the
 * batched path, one document) or {@code entity[a]} (the baseline).
 */
final class ScriptedGraph implements GraphWrites {

  final List<String> calls = new ArrayList<>();
  final Map<String, FileState> files = new LinkedHashMap<>();
  final List<Map<String, Position>> positions = new ArrayList<>();
  private final Deque<RuntimeException> next = new ArrayDeque<>();
  private final Map<String, RuntimeException> always = new HashMap<>();
  private final Set<String> fenced = new HashSet<>();

  /** The next calls fail with these, one each, in order. */
  ScriptedGraph failNext(RuntimeException... errors) {
    next.addAll(List.of(errors));
    return this;
  }

  /**
   * Every call that holds {@code key} fails with {@code error}, as a document the graph always
   * refuses.
   */
  ScriptedGraph failAlways(String key, RuntimeException error) {
    always.put(key, error);
    return this;
  }

  /** {@code key} is at or below its partition's fence: batched writes leave it out. */
  ScriptedGraph fence(String key) {
    fenced.add(key);
    return this;
  }

  @Override
  public Set<String> writeBatched(Collection<FileState> changes, Map<String, Position> positions) {
    List<String> keys = changes.stream().map(FileState::key).toList();
    calls.add((keys.size() == 1 ? "one" : "batch") + keys);
    this.positions.add(Map.copyOf(positions));
    fail(keys);
    Set<String> leftOut = new TreeSet<>();
    for (FileState change : changes) {
      if (fenced.contains(change.key())) {
        leftOut.add(change.key());
      } else {
        apply(change);
      }
    }
    return leftOut;
  }

  @Override
  public void writePerEntity(FileState change, GraphWriter.Detached progress) {
    calls.add("entity[" + change.key() + "]");
    fail(List.of(change.key()));
    apply(change);
  }

  private void fail(List<String> keys) {
    RuntimeException scripted = next.poll();
    if (scripted != null) {
      throw scripted;
    }
    for (String key : keys) {
      if (always.containsKey(key)) {
        throw always.get(key);
      }
    }
  }

  private void apply(FileState change) {
    if (change.isDelete()) {
      files.remove(change.key());
    } else {
      files.put(change.key(), change);
    }
  }
}
