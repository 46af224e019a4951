package io.github.lineage.core.metrics;

/** One dependency a process needs before it is ready (Kafka, Neo4j). Must answer within ~2 s. */
public interface ReadinessCheck {
  String name();

  boolean isReady();

  static ReadinessCheck of(String name, java.util.function.BooleanSupplier check) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean isReady() {
        return check.getAsBoolean();
      }
    };
  }
}
