package io.github.lineage.watcher;

import io.github.lineage.local.EmbeddedKafka;

/** One real KRaft broker for every IT of this module (each test uses topics of its own). */
final class SharedKafka {

  private static EmbeddedKafka kafka;

  private SharedKafka() {}

  static synchronized String bootstrapServers() {
    if (kafka == null) {
      kafka = EmbeddedKafka.startTemporary();
      EmbeddedKafka started = kafka;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-shutdown"));
    }
    return kafka.bootstrapServers();
  }
}
