package io.github.lineage.sql;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Known columns of tables (lower-cased names as written, e.g. {@code mart.orders}), learned from
 * {@code CREATE TABLE} column lists. Used to expand {@code SELECT *}, to map an INSERT without a
 * column list, and to resolve unqualified columns when a query reads several tables. Immutable.
 */
public final class Catalog {

  private static final Catalog EMPTY = new Catalog(Map.of());

  private final Map<String, List<String>> tables;

  private Catalog(Map<String, List<String>> tables) {
    this.tables = tables;
  }

  public static Catalog empty() {
    return EMPTY;
  }

  /** A catalog of the given tables; names and columns are lower-cased. */
  public static Catalog of(Map<String, ? extends Collection<String>> tables) {
    Builder b = builder();
    tables.forEach((t, cols) -> b.add(t, List.copyOf(cols)));
    return b.build();
  }

  public static Builder builder() {
    return new Builder(Map.of());
  }

  /**
   * A builder that starts with this catalog's tables. They are not copied (a corpus catalog holds
   * thousands and every file starts from it): the builder reads through to them.
   */
  public Builder toBuilder() {
    return new Builder(tables);
  }

  /** The columns of {@code table} (lower-cased full name as written), if known. */
  public Optional<List<String>> columns(String table) {
    return Optional.ofNullable(tables.get(table.toLowerCase(Locale.ROOT)));
  }

  public int size() {
    return tables.size();
  }

  public Map<String, List<String>> asMap() {
    return tables;
  }

  /**
   * Collects tables; a later definition of a table replaces an earlier one. Not thread-safe.
   * Remembers which tables were added to it (not those it was copied from) while recording: what
   * one file defines.
   */
  public static final class Builder {
    private final Map<String, List<String>> base;
    private final Map<String, List<String>> tables = new LinkedHashMap<>();
    private final Map<String, List<String>> added = new LinkedHashMap<>();
    private boolean recording = true;

    private Builder(Map<String, List<String>> base) {
      this.base = base;
    }

    public Builder add(String table, List<String> columns) {
      String name = table.toLowerCase(Locale.ROOT);
      List<String> lower = columns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
      tables.put(name, lower);
      if (recording) {
        added.remove(name);
        added.put(name, lower);
      }
      return this;
    }

    /**
     * Whether later {@link #add}s count among {@link #added}: the engine records only what a CREATE
     * statement defines, the tables {@code lineage parse}'s corpus catalog learns ({@link
     * LineageEngine#learnDdl}).
     */
    public Builder recording(boolean on) {
      recording = on;
      return this;
    }

    /**
     * The tables added to this builder (not copied into it), with their columns, in the order last
     * added.
     */
    public Map<String, List<String>> added() {
      return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(added));
    }

    public Builder addAll(Catalog other) {
      tables.putAll(other.tables);
      return this;
    }

    public Optional<List<String>> columns(String table) {
      String name = table.toLowerCase(Locale.ROOT);
      List<String> own = tables.get(name);
      return Optional.ofNullable(own != null ? own : base.get(name));
    }

    public Catalog build() {
      if (tables.isEmpty()) {
        return new Catalog(Map.copyOf(base));
      }
      Map<String, List<String>> all = new LinkedHashMap<>(base);
      all.putAll(tables);
      return new Catalog(Map.copyOf(all));
    }
  }
}
