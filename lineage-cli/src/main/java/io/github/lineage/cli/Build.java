package io.github.lineage.cli;

/**
 * What this build of the CLI carries. The service jar (module lineage-service, the image's) leaves
 * out the embedded Kafka broker and Neo4j server and the benchmark: {@code lineage local}, {@code
 * lineage bench} and reading the embedded store then say so instead of failing on a missing class.
 */
final class Build {

  static final String SERVICE_BUILD_MESSAGE =
      "this is the service build (the image's jar): it has no embedded Kafka or Neo4j and no benchmark; "
          + "use the full lineage.jar for `lineage local` and `lineage bench`, or set NEO4J_URI";

  private Build() {}

  static boolean hasEmbeddedServers() {
    return present("io.github.lineage.local.EmbeddedKafka")
        && present("io.github.lineage.local.EmbeddedNeo4j");
  }

  static boolean hasBenchmark() {
    return present("io.github.lineage.bench.Benchmark");
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Build.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
