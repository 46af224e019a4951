package io.github.lineage.api;

import io.github.lineage.api.LineageReads.Direction;
import io.github.lineage.api.LineageReads.Level;
import java.util.List;

/**
 * The questions the graph answers, the same whether asked of Neo4j ({@link LineageReads}) or of a
 * running API ({@link ApiClient}): {@code lineage query} prints one from either, identically.
 */
public interface LineageAnswers {

  Traversal traverse(String name, Direction direction, Level level, int depth, int limit);

  TableFiles files(String table);

  SearchResult search(String prefix, int limit);

  /**
   * With {@code skipUnknown}, names the graph does not hold are listed in {@link Impact#unknown()},
   * not a 404.
   */
  Impact impact(List<String> names, int depth, int limit, boolean skipUnknown);

  default Impact impact(List<String> names, int depth, int limit) {
    return impact(names, depth, limit, false);
  }
}
