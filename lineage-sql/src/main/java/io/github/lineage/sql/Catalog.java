package io.github.lineage.sql;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * The corpus-wide catalog of {@code files}: the first pass of {@code lineage parse} over many
   * files, so that a {@code SELECT *} in one file expands with the DDL of another. Files that
   * cannot be read or are not UTF-8 are skipped here (the second pass reports them).
   */
  public static Catalog fromFiles(LineageEngine engine, Collection<Path> files) {
    Builder b = builder();
    for (Path f : files) {
      try {
        byte[] bytes = Files.readAllBytes(f);
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
        engine.learnDdl(text, b);
      } catch (CharacterCodingException e) {
        // not UTF-8: reported by the extraction pass
      } catch (IOException e) {
        // unreadable: reported by the extraction pass
      }
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder(new LinkedHashMap<>());
  }

  public Builder toBuilder() {
    return new Builder(new LinkedHashMap<>(tables));
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
    private final Map<String, List<String>> tables;
    private final Map<String, List<String>> added = new LinkedHashMap<>();
    private boolean recording = true;

    private Builder(Map<String, List<String>> tables) {
      this.tables = tables;
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
      return Optional.ofNullable(tables.get(table.toLowerCase(Locale.ROOT)));
    }

    public Catalog build() {
      return new Catalog(Map.copyOf(tables));
    }
  }
}
