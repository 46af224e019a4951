package io.github.lineage.sink;

import io.github.lineage.core.model.LineageDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * The one way in to the sink's statements from outside it: the Cypher that merges documents of
 * files new to the graph, exactly as one of the sink's batches writes them (one {@code UNWIND}
 * statement per shape, rows sorted), without a consumer or the detach and prune phases a file
 * already in the graph needs. The benchmark's bare-UNWIND limit runs these statements, and tests
 * and the API benchmark write their graphs with them.
 */
public final class GraphMerge {

  /** A document under its key on the documents topic. */
  public record KeyedDocument(String key, LineageDocument document) {}

  /** One statement: its Cypher, its parameters, and how many rows it writes. */
  public record Statement(String cypher, Map<String, Object> parameters, int rows) {}

  private GraphMerge() {}

  /**
   * The statements, in the order to run them in one transaction, that merge {@code documents} into
   * a graph that holds none of their files yet (their edges are created, not merged: a file already
   * in the graph would get them twice); {@code modified} is the files' time when a document has
   * none.
   *
   * @throws InvalidDocumentException if a document is not one the sink would write
   */
  public static List<Statement> of(List<KeyedDocument> documents, Instant modified) {
    List<FileState> files = new ArrayList<>();
    for (KeyedDocument d : documents) {
      files.add(FileState.upsert(FileGraph.from(d.key(), d.document(), modified)));
    }
    return BatchStrategy.group(GraphPlanner.merge(files)).stream()
        .map(s -> new Statement(s.cypher(), s.parameters(), s.rows().size()))
        .toList();
  }

  /** Ensures the sink's schema, then writes {@code documents} in one transaction. */
  public static void write(Driver driver, List<KeyedDocument> documents, Instant modified) {
    GraphSchema.ensure(driver);
    List<Statement> statements = of(documents, modified);
    try (Session session = driver.session()) {
      session.executeWrite(
          tx -> {
            for (Statement s : statements) {
              tx.run(s.cypher(), s.parameters()).consume();
            }
            return null;
          });
    }
  }
}
