package io.github.lineage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

  private static final Set<String> ALLOWED = Set.of("name", "depth", "columns");

  @Test
  void shouldDecodeValuesAndFallBackToDefaults() {
    QueryParams p = QueryParams.parse("name=mart.x%27%7D%29+%2F%2F&columns", ALLOWED, Set.of());
    assertThat(p.required("name")).isEqualTo("mart.x'}) //");
    assertThat(p.bool("columns")).isTrue();
    assertThat(p.integer("depth", 5, 1, 20)).isEqualTo(5);
    assertThat(QueryParams.parse(null, ALLOWED, Set.of()).bool("columns")).isFalse();
  }

  @Test
  void shouldRefuseUnknownRepeatedAndOutOfRangeParameters() {
    assertThatThrownBy(() -> QueryParams.parse("dpeth=3", ALLOWED, Set.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("unknown parameter 'dpeth'");
    assertThatThrownBy(() -> QueryParams.parse("name=a&name=b", ALLOWED, Set.of()))
        .hasMessageContaining("more than once");
    assertThatThrownBy(
            () -> QueryParams.parse("depth=21", ALLOWED, Set.of()).integer("depth", 5, 1, 20))
        .hasMessage("depth must be an integer between 1 and 20, got '21'");
    assertThatThrownBy(() -> QueryParams.parse("name=%ZZ", ALLOWED, Set.of()))
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> QueryParams.parse("x=" + "a".repeat(20_000), ALLOWED, Set.of()))
        .hasMessageContaining("longer");
    assertThatThrownBy(() -> QueryParams.parse("depth=1", ALLOWED, Set.of()).required("name"))
        .hasMessageContaining("required");
  }

  @Test
  void shouldKeepEveryValueOfARepeatableParameterInOrder() {
    assertThat(QueryParams.parse("name=b&name=a", ALLOWED, Set.of("name")).all("name"))
        .isEqualTo(List.of("b", "a"));
  }
}
