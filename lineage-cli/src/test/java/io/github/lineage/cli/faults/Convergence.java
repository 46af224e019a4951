package io.github.lineage.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.neo4j.driver.Driver;

/**
 * Waits for the graph to equal, edge by edge, what the engine gives for the final tree on disk, and
 * keeps one row of figures per scenario (scenario | files | missing | stale | extra) for the matrix
 * that docs/reliability.md records.
 */
final class Convergence {

  private static final Duration CONVERGE = Duration.ofSeconds(180);

  private final List<String> matrix = Collections.synchronizedList(new ArrayList<>());

  /**
   * The tree must be final: its expected graph is computed once, then the graph polled until equal.
   */
  void assertConverged(String scenario, Driver driver, Path root) throws InterruptedException {
    String source = root.getFileName().toString();
    List<String> expected = ExpectedGraph.ofTree(root, source);
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    GraphDiff diff;
    do {
      Thread.sleep(500);
      diff = GraphDiff.between(expected, ExpectedGraph.ofGraph(driver));
    } while (!diff.isEmpty() && System.nanoTime() < deadline);
    matrix.add(
        scenario
            + " | "
            + diff.expectedFiles()
            + " | "
            + diff.missing().size()
            + " | "
            + diff.stale().size()
            + " | "
            + diff.extra().size());
    assertThat(diff.isEmpty())
        .as("graph after '%s' differs from the engine's for the final tree:%n%s", scenario, diff)
        .isTrue();
  }

  void note(String line) {
    matrix.add("  (" + line + ")");
  }

  void print(String title) {
    System.out.println(title + " (scenario | files | missing | stale | extra):");
    matrix.forEach(row -> System.out.println("  " + row));
  }
}
