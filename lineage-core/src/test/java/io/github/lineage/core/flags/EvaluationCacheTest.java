package io.github.lineage.core.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EvaluationCacheTest {

  @Test
  void shouldAnswerFromMemoryUntilInvalidated() {
    EvaluationCache cache = new EvaluationCache();
    AtomicInteger evaluations = new AtomicInteger();
    AtomicBoolean toggleOn = new AtomicBoolean(true);
    for (int i = 0; i < 3; i++) {
      assertThat(
              cache.get(
                  Flag.PARSE_CACHE,
                  "repo:a.sql",
                  key -> {
                    evaluations.incrementAndGet();
                    return toggleOn.get();
                  }))
          .isTrue();
    }
    assertThat(evaluations).hasValue(1);

    toggleOn.set(false);
    cache.invalidate();
    assertThat(cache.get(Flag.PARSE_CACHE, "repo:a.sql", key -> toggleOn.get())).isFalse();
  }

  @Test
  void shouldKeepFlagsApartAndStopCachingAtTheBound() {
    EvaluationCache cache = new EvaluationCache();
    assertThat(cache.get(Flag.PARSE_CACHE, "k", key -> true)).isTrue();
    assertThat(cache.get(Flag.DEBOUNCE, "k", key -> false)).isFalse();

    for (int i = 0; i < EvaluationCache.MAX_ENTRIES_PER_FLAG; i++) {
      cache.get(Flag.NEO4J_BATCH, "k" + i, key -> true);
    }
    AtomicInteger evaluations = new AtomicInteger();
    cache.get(Flag.NEO4J_BATCH, "beyond", key -> evaluations.incrementAndGet() > 0);
    cache.get(Flag.NEO4J_BATCH, "beyond", key -> evaluations.incrementAndGet() > 0);
    assertThat(evaluations).as("not kept past the bound").hasValue(2);
  }
}
