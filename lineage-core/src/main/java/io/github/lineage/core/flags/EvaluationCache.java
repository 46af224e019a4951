package io.github.lineage.core.flags;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * Remembers the SDK's answers per flag and key until the toggles change. One SDK evaluation costs
 * microseconds (context copy, serialisation, a native call); flags are asked for every record, and
 * the answer for a key only changes when the toggles do.
 *
 * <p>{@link #invalidate()} must be called after the engine has taken new toggles (the SDK writes
 * its backup file, and tells its subscriber, right after): an answer is only cached under the
 * generation that was current when its evaluation started, so none computed from old toggles
 * survives that call.
 */
final class EvaluationCache {

  /** Per flag; beyond it answers are computed and not kept, bounding memory on huge corpora. */
  static final int MAX_ENTRIES_PER_FLAG = 50_000;

  private record Generation(long id, ConcurrentHashMap<String, Boolean> answers) {}

  private final AtomicLong current = new AtomicLong();
  private final AtomicReferenceArray<Generation> perFlag =
      new AtomicReferenceArray<>(Flag.values().length);

  boolean get(Flag flag, String key, Predicate<String> evaluate) {
    long id = current.get();
    Generation generation = perFlag.get(flag.ordinal());
    if (generation == null || generation.id() != id) {
      generation = new Generation(id, new ConcurrentHashMap<>());
      perFlag.set(flag.ordinal(), generation);
    }
    Boolean known = generation.answers().get(key);
    if (known != null) {
      return known;
    }
    boolean answer = evaluate.test(key);
    if (generation.answers().size() < MAX_ENTRIES_PER_FLAG) {
      generation.answers().put(key, answer);
    }
    return answer;
  }

  void invalidate() {
    current.incrementAndGet();
  }
}
