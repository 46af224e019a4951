package io.github.lineage.sink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

/**
 * The whole graph as sorted text lines, one per node and one per relationship (duplicates stay
 * visible as repeated lines), with every property, so that two graphs compare with equals.
 */
record GraphSnapshot(List<String> nodes, List<String> nodeIds, List<String> edges) {

  static GraphSnapshot read(Driver driver) {
    try (Session session = driver.session()) {
      List<String> nodes =
          session
              .run(
                  "MATCH (n) WHERE NOT n:SinkOffset AND NOT n:SchemaVersion RETURN labels(n) AS labels, properties(n) AS props")
              .list(
                  r ->
                      r.get("labels").asList(Value::asString)
                          + describe(nodeProps(r.get("props").asMap())));
      List<String> edges =
          session
              .run(
                  """
              MATCH (a)-[r]->(b)
              RETURN labels(a)[0] + ' ' + coalesce(a.key, a.name) AS a, type(r) AS type,
                     properties(r) AS props, labels(b)[0] + ' ' + coalesce(b.key, b.name) AS b""")
              .list(
                  r ->
                      "("
                          + r.get("a").asString()
                          + ")-["
                          + r.get("type").asString()
                          + (edgeProps(r.get("props").asMap()).isEmpty()
                              ? ""
                              : " " + describe(edgeProps(r.get("props").asMap())))
                          + "]->("
                          + r.get("b").asString()
                          + ")");
      List<String> ids =
          new ArrayList<>(
              session
                  .run(
                      "MATCH (n) WHERE NOT n:SinkOffset AND NOT n:SchemaVersion RETURN labels(n)[0] + ' ' + coalesce(n.key, n.name) AS id")
                  .list(r -> r.get("id").asString()));
      Collections.sort(ids);
      nodes = new ArrayList<>(nodes);
      edges = new ArrayList<>(edges);
      Collections.sort(nodes);
      Collections.sort(edges);
      return new GraphSnapshot(nodes, ids, edges);
    }
  }

  /**
   * A node's model properties: a File's {@code writtenAt} (when the sink last wrote it, by the
   * graph's clock) differs from one write to the next, so it is checked to be there and left out.
   */
  private static Map<String, Object> nodeProps(Map<String, Object> props) {
    if (props.containsKey("key") && !(props.get("writtenAt") instanceof Long)) {
      throw new AssertionError("File without writtenAt: " + props);
    }
    Map<String, Object> model = new TreeMap<>(props);
    model.remove("writtenAt");
    return model;
  }

  /**
   * The properties of docs/design.md §5; {@code fileKey} is the sink's index copy of {@code file},
   * checked here to equal it on every edge so that a snapshot still compares the model alone.
   */
  private static Map<String, Object> edgeProps(Map<String, Object> props) {
    if (props.containsKey("file") || props.containsKey("fileKey")) {
      if (!java.util.Objects.equals(props.get("file"), props.get("fileKey"))) {
        throw new AssertionError("edge fileKey differs from file: " + props);
      }
    }
    Map<String, Object> model = new java.util.TreeMap<>(props);
    model.remove("fileKey");
    // Statement lines are checked by EdgeLinesIT; a snapshot compares which edges exist.
    model.remove("lines");
    return model;
  }

  static void clear(Driver driver) {
    try (Session session = driver.session()) {
      session.run("MATCH (n) DETACH DELETE n").consume();
    }
  }

  private static String describe(Map<String, Object> props) {
    return new TreeMap<>(props).toString();
  }
}
