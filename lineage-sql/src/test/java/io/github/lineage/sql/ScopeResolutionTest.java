package io.github.lineage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The column resolution rule of {@link Scope} and {@link Relation} (docs/design.md §4, §4b), on the
 * model directly: the case files pin it through SQL, these say which part of the model decides.
 */
class ScopeResolutionTest {

  private static Relation unknownTable(String alias, String table) {
    return Relation.table(alias, table, Optional.empty());
  }

  private static Relation knownTable(String alias, String table, String... columns) {
    return Relation.table(
        alias,
        table,
        Optional.of(
            List.of(columns).stream()
                .map(c -> new QueryColumn(c, Set.of(table + "." + c)))
                .toList()));
  }

  @Test
  void shouldResolveAQualifiedColumnThroughTheAliasOrATableNameWithMoreOrFewerSchemaParts() {
    Scope scope = Scope.top().enter();
    scope.add(unknownTable("o", "db.raw.orders"));
    assertThat(scope.resolveQualified("o", "id")).containsExactly("db.raw.orders.id");
    assertThat(scope.resolveQualified("raw.orders", "id")).containsExactly("db.raw.orders.id");
    assertThat(scope.resolveQualified("x", "id")).isEmpty();
  }

  @Test
  void shouldGiveNoEdgeForAnUnqualifiedColumnOfSeveralTablesWhoseColumnsAreUnknown() {
    Scope scope = Scope.top().enter();
    scope.add(unknownTable("a", "s.a"));
    scope.add(unknownTable("b", "s.b"));
    assertThat(scope.resolve("id")).isEmpty();
  }

  @Test
  void shouldResolveAnUnqualifiedColumnToTheRelationThatListsIt() {
    Scope scope = Scope.top().enter();
    scope.add(unknownTable("a", "s.a"));
    scope.add(knownTable("b", "s.b", "id"));
    assertThat(scope.resolve("id")).containsExactly("s.b.id");
  }

  @Test
  void shouldResolveAnUnqualifiedColumnToTheOnlyRelationThatMayHoldColumnsItDoesNotList() {
    Scope scope = Scope.top().enter();
    scope.add(
        Relation.derived(Relation.Kind.CTE, "c", List.of(new QueryColumn("k", Set.of("s.x.k")))));
    scope.add(unknownTable("t", "s.t"));
    scope.add(Relation.path("p"));
    assertThat(scope.resolve("v")).containsExactly("s.t.v");
  }

  @Test
  void shouldPreferAListedColumnOverAnEarlierSelectAlias() {
    Scope scope = Scope.top().enter();
    scope.add(knownTable("t", "s.t", "a"));
    scope.aliasSelectItem(new QueryColumn("a", Set.of("s.other.z")));
    scope.aliasSelectItem(new QueryColumn("total", Set.of("s.t.a")));
    assertThat(scope.resolve("a")).containsExactly("s.t.a");
    assertThat(scope.resolve("total")).containsExactly("s.t.a");
  }

  @Test
  void shouldLetASubqueryNameTheEnclosingQuerysRelationsButNotADerivedTableItsSiblings() {
    Scope outer = Scope.top().enter();
    outer.add(unknownTable("o", "s.orders"));
    Scope subquery = outer.enter();
    subquery.add(knownTable("c", "s.customers", "id"));
    assertThat(subquery.resolveQualified("o", "total")).containsExactly("s.orders.total");
    assertThat(outer.find("o")).isPresent();
    assertThat(outer.leave().find("o")).isEmpty(); // where a derived table of `outer` reads
  }

  @Test
  void shouldResolveAStructFieldThroughTheColumnItIsAFieldOf() {
    Scope scope = Scope.top().enter();
    scope.add(knownTable("t", "s.t", "rec"));
    assertThat(scope.resolveQualified("rec", "field")).containsExactly("s.t.rec");
  }

  @Test
  void shouldDeriveEveryColumnOfATableFunctionFromItsArguments() {
    Relation f =
        Relation.function("u", List.of(new QueryColumn("u", Set.of("s.t.arr"))), Set.of("s.t.arr"));
    assertThat(f.sourcesOf("anything")).containsExactly("s.t.arr");
    assertThat(f.mayHoldUnlisted()).isFalse();
  }

  @Test
  void shouldExpandAStarColumnUnderTheNameAskedFor() {
    Relation d =
        Relation.derived(
            Relation.Kind.SUBQUERY,
            "d",
            List.of(new QueryColumn(QueryColumn.STAR, Set.of("s.t.*"))));
    assertThat(d.sourcesOf("price")).containsExactly("s.t.price");
    assertThat(d.mayHoldUnlisted()).isTrue();
  }

  @Test
  void shouldGiveAPathNoColumnsAndNoSources() {
    Relation p = Relation.path("p");
    assertThat(p.columns()).isEmpty();
    assertThat(p.sourcesOf("a")).isEmpty();
    assertThat(p.expand()).isEmpty();
    assertThat(p.mayHoldUnlisted()).isFalse();
  }
}
