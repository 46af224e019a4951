package io.github.lineage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EditTrackerTest {

  private final Map<String, String> graph =
      new HashMap<>(Map.of("wh:a.sql", "a0", "wh:b.sql", "b0"));
  private final EditTracker tracker =
      new EditTracker(
          keys -> {
            Map<String, String> found = new HashMap<>();
            keys.forEach(
                k -> {
                  if (graph.containsKey(k)) {
                    found.put(k, graph.get(k));
                  }
                });
            return found;
          },
          Map.copyOf(graph));

  @Test
  void shouldCompleteASaveOnlyOnceTheGraphShowsItsContent() {
    tracker.written("wh:a.sql", "a1", System.nanoTime());

    assertThat(tracker.poll()).isEqualTo(1);
    graph.put("wh:a.sql", "a1");

    assertThat(tracker.poll()).isZero();
    assertThat(tracker.latenciesMs()).hasSize(1).allSatisfy(ms -> assertThat(ms).isNotNegative());
  }

  @Test
  void shouldCompleteAnOvertakenSaveWhenTheLaterContentOfTheSameFileShows() {
    tracker.written("wh:a.sql", "a1", System.nanoTime());
    tracker.written("wh:a.sql", "a2", System.nanoTime());
    graph.put("wh:a.sql", "a2");

    assertThat(tracker.poll()).isZero();
    assertThat(tracker.latenciesMs()).hasSize(2);
  }

  @Test
  void shouldKeepALaterSavePendingWhenOnlyTheEarlierOneShows() {
    tracker.written("wh:a.sql", "a1", System.nanoTime());
    tracker.written("wh:a.sql", "a2", System.nanoTime());
    graph.put("wh:a.sql", "a1");

    assertThat(tracker.poll()).isEqualTo(1);
    assertThat(tracker.latenciesMs()).hasSize(1);
  }

  @Test
  void shouldNotTimeAReSaveOfTheContentTheGraphAlreadyHolds() {
    tracker.written("wh:b.sql", "b0", System.nanoTime());

    assertThat(tracker.pendingCount()).isZero();
    assertThat(tracker.resaves()).isEqualTo(1);
    assertThat(tracker.written()).isEqualTo(1);
  }

  @Test
  void shouldTimeACopyUnderANewPathUntilItsFileNodeAppears() {
    tracker.written("wh:a_copy1.sql", "b0", System.nanoTime());

    assertThat(tracker.poll()).isEqualTo(1);
    graph.put("wh:a_copy1.sql", "b0");

    assertThat(tracker.poll()).isZero();
    assertThat(tracker.resaves()).isZero();
  }
}
