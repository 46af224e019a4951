package io.github.lineage.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The relations one SELECT (or one UPDATE, DELETE, MERGE) reads, inside the scopes of the queries
 * enclosing it, and the column resolution over them. One scope per query; a correlated subquery
 * {@link #enter}s a scope under the current one, a derived table reads in the scope the current one
 * {@link #leave}s to (it cannot see its sibling FROM items).
 *
 * <p>Resolution rule (docs/design.md §4): a qualified column resolves through the relation with
 * that alias or table name, innermost scope first. An unqualified one resolves to the relation
 * known (catalog, CTE or derived table columns) to have it; otherwise to an earlier SELECT-list
 * alias of the same query (lateral alias reference); otherwise to the only relation that may hold
 * columns it does not list. With several such relations and no catalog it is ambiguous and gives no
 * edge: we pick by qualifier only, never by guess.
 */
final class Scope {

  private final Scope parent; // null at a statement's top
  private final List<Relation> relations = new ArrayList<>();
  private final Map<String, QueryColumn> selectAliases = new HashMap<>();

  private Scope(Scope parent) {
    this.parent = parent;
  }

  /** The scope of a statement's own clauses, enclosed by none. */
  static Scope top() {
    return new Scope(null);
  }

  /** A query nested in this one that may name this one's relations (a subquery, LATERAL). */
  Scope enter() {
    return new Scope(this);
  }

  /** The scope enclosing this one: where a derived table of this query reads. */
  Scope leave() {
    return parent == null ? top() : parent;
  }

  void add(Relation r) {
    relations.add(r);
  }

  /**
   * Adds {@code r} ahead of the others: an UPDATE's target wins a name shared with its FROM items.
   */
  void addFirst(Relation r) {
    relations.add(0, r);
  }

  /**
   * Adds the relations of {@code other}, so this scope reads them too (MERGE: target and source).
   */
  void addAll(Scope other) {
    relations.addAll(other.relations);
  }

  /** The relations of this query itself, in FROM order. */
  List<Relation> relations() {
    return Collections.unmodifiableList(relations);
  }

  /** Records a SELECT-list output with an alias, which a later item of the same SELECT may name. */
  void aliasSelectItem(QueryColumn c) {
    selectAliases.putIfAbsent(c.name(), c);
  }

  /** The relation qualifier {@code q} names, innermost scope first. */
  Optional<Relation> find(String q) {
    for (Scope s = this; s != null; s = s.parent) {
      for (Relation r : s.relations) {
        if (r.answersTo(q)) {
          return Optional.of(r);
        }
      }
    }
    return Optional.empty();
  }

  /** The physical columns {@code q.column} derives from. */
  Set<String> resolveQualified(String q, String column) {
    Optional<Relation> r = find(q);
    if (r.isPresent()) {
      return r.get().sourcesOf(column);
    }
    // BigQuery-style struct access (col.field): the first part of the qualifier may be a column
    int dot = q.indexOf('.');
    String head = dot < 0 ? q : q.substring(0, dot);
    for (Scope s = this; s != null; s = s.parent) {
      for (Relation cand : s.relations) {
        if (cand.lists(head)) {
          return cand.sourcesOf(head);
        }
      }
    }
    return Set.of();
  }

  /**
   * The physical columns the unqualified {@code column} derives from; none when it is ambiguous.
   */
  Set<String> resolve(String column) {
    for (Scope s = this; s != null; s = s.parent) {
      if (s.relations.isEmpty()) {
        continue;
      }
      for (Relation r : s.relations) {
        if (r.lists(column)) {
          return r.sourcesOf(column);
        }
      }
      if (s == this && selectAliases.containsKey(column)) {
        return selectAliases.get(column).sources();
      }
      Relation only = null;
      int candidates = 0;
      for (Relation r : s.relations) {
        if (r.mayHoldUnlisted()) {
          only = r;
          candidates++;
        }
      }
      if (candidates == 1) {
        return only.sourcesOf(column);
      }
      if (candidates > 1) {
        return Set.of();
      }
    }
    return Set.of();
  }
}
