package io.github.lineage.parser;

import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.FlagState;
import io.github.lineage.core.flags.Flags;
import java.util.List;
import java.util.function.BiPredicate;

/** Flags decided per file key by a predicate that a test may change while the topology runs. */
final class KeyFlags implements Flags {

  private volatile BiPredicate<Flag, String> rule;

  KeyFlags(BiPredicate<Flag, String> rule) {
    this.rule = rule;
  }

  void set(BiPredicate<Flag, String> newRule) {
    this.rule = newRule;
  }

  @Override
  public boolean isEnabled(Flag flag, String fileKey) {
    return rule.test(flag, fileKey);
  }

  @Override
  public List<FlagState> describe() {
    return List.of();
  }
}
