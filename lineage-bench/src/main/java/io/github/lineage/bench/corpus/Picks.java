package io.github.lineage.bench.corpus;

import java.util.List;
import java.util.Random;

/** Seeded random choices; all randomness of the generator goes through one {@link Random}. */
final class Picks {
  private Picks() {}

  static <T> T one(Random rnd, List<T> items) {
    return items.get(rnd.nextInt(items.size()));
  }

  /** Index {@code i} with probability {@code weights[i] / sum(weights)}. */
  static int weighted(Random rnd, int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = rnd.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Log-normal line budget: median ~47, mean ~60, clamped to [min, max]. */
  static int lineBudget(Random rnd, int min, int max) {
    double lines = Math.exp(Math.log(47) + 0.7 * rnd.nextGaussian());
    return (int) Math.max(min, Math.min(max, Math.round(lines)));
  }
}
