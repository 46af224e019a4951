package io.github.lineage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ParseMemoTest {

  private final AtomicInteger parses = new AtomicInteger();
  private final Function<String, BoundedParser.Result> parser =
      text -> {
        parses.incrementAndGet();
        return BoundedParser.Result.failed("parsed " + text);
      };

  @Test
  void shouldParseAKeptStatementOnceAndHandItOutOnce() {
    ParseMemo memo = new ParseMemo(1_000);

    BoundedParser.Result kept = memo.keep("CREATE TABLE a (x INT)", parser);
    assertThat(memo.keep("CREATE TABLE a (x INT)", parser)).isSameAs(kept);
    assertThat(memo.take("CREATE TABLE a (x INT)", parser)).isSameAs(kept);
    assertThat(parses).hasValue(1);
    assertThat(memo.size()).isZero();

    assertThat(memo.take("CREATE TABLE a (x INT)", parser)).isNotSameAs(kept);
    assertThat(parses).hasValue(2);
  }

  @Test
  void shouldKeepNoMoreTextThanItsCapacityAndParseTheRestAgain() {
    ParseMemo memo = new ParseMemo(10);

    memo.keep("12345678", parser);
    memo.keep("abcdef", parser);
    assertThat(memo.size()).as("the second would exceed 10 characters").isEqualTo(1);
    memo.take("12345678", parser);
    memo.keep("abcdef", parser);
    assertThat(memo.size()).as("room again once the first was taken").isEqualTo(1);
    assertThat(parses).hasValue(3);
  }

  @Test
  void shouldKeepNothingWithoutCapacity() {
    ParseMemo memo = new ParseMemo(0);

    memo.keep("x", parser);
    memo.take("x", parser);

    assertThat(memo.size()).isZero();
    assertThat(parses).hasValue(2);
  }
}
