package io.github.lineage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void shouldTakeNearestRankPercentiles() {
    List<Double> ms = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      ms.add((double) i);
    }

    Latencies l = Latencies.of(ms);

    assertThat(l.count()).isEqualTo(100);
    assertThat(l.p50Ms()).isEqualTo(50.0);
    assertThat(l.p95Ms()).isEqualTo(95.0);
    assertThat(l.p99Ms()).isEqualTo(99.0);
    assertThat(l.maxMs()).isEqualTo(100.0);
  }

  @Test
  void shouldReportNoFiguresWhenNothingWasTimed() {
    Latencies l = Latencies.of(List.of());

    assertThat(l.count()).isZero();
    assertThat(l.p95Ms()).isNaN();
  }

  @Test
  void shouldTakeTheMedianOfAnEvenNumberOfRunsAsTheMeanOfTheMiddleTwo() {
    assertThat(Latencies.median(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Latencies.median(5, 1, 3)).isEqualTo(3.0);
  }
}
