package io.github.lineage.cli;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.neo4j.driver.Driver;

/** Every node and edge of the lineage graph as sorted strings, so two graphs compare as sets. */
record PipelineGraph(Set<String> nodes, Set<String> edges) {

  static PipelineGraph of(Driver driver) {
    Set<String> nodes = new TreeSet<>();
    driver
        .executableQuery(
            "MATCH (n) WHERE NOT n:SinkOffset AND NOT n:SchemaVersion RETURN labels(n)[0] AS label, coalesce(n.key, n.name) AS id, n.sha256 AS sha, n.errorCount AS errors")
        .execute()
        .records()
        .forEach(
            r ->
                nodes.add(
                    r.get("label").asString()
                        + ":"
                        + r.get("id").asString()
                        + (r.get("sha").isNull() ? "" : " sha=" + r.get("sha").asString())
                        + (r.get("errors").isNull() ? "" : " errors=" + r.get("errors").asLong())));
    Set<String> edges = new TreeSet<>();
    driver
        .executableQuery(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.key, a.name) AS from, coalesce(b.key, b.name) AS to, r.file AS file")
        .execute()
        .records()
        .forEach(
            r ->
                edges.add(
                    r.get("from").asString()
                        + " -"
                        + r.get("type").asString()
                        + "-> "
                        + r.get("to").asString()
                        + (r.get("file").isNull() ? "" : " [" + r.get("file").asString() + "]")));
    return new PipelineGraph(nodes, edges);
  }

  List<String> edgesOfType(String type) {
    return edges.stream().filter(e -> e.contains(" -" + type + "-> ")).toList();
  }
}
