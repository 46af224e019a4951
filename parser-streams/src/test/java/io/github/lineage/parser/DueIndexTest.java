package io.github.lineage.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DueIndexTest {

  @Test
  void shouldReturnOnlyDueKeysOldestFirst() {
    DueIndex index = new DueIndex();
    index.put("c", 300);
    index.put("a", 100);
    index.put("b", 200);

    assertThat(index.pollDue(250)).containsExactly("a", "b");
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.pollDue(250)).isEmpty();
    assertThat(index.pollDue(300)).containsExactly("c");
  }

  @Test
  void shouldMoveAKeyThatIsPutAgain() {
    DueIndex index = new DueIndex();
    assertThat(index.put("a", 100)).isFalse();
    assertThat(index.put("a", 500)).as("already pending").isTrue();

    assertThat(index.pollDue(400)).isEmpty();
    assertThat(index.pollDue(500)).containsExactly("a");
  }

  @Test
  void shouldForgetRemovedKeys() {
    DueIndex index = new DueIndex();
    index.put("a", 100);
    index.remove("a");

    assertThat(index.contains("a")).isFalse();
    assertThat(index.pollDue(1_000)).isEmpty();
  }
}
