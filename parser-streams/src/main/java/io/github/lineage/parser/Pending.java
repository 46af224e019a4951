package io.github.lineage.parser;

import io.github.lineage.core.kafka.JsonSerde;
import java.util.Objects;

/**
 * The value of the debounce store: the latest event of a key (as its original record) and the
 * wall-clock time it arrived. Only the original bytes are kept, not the decoded event, so the
 * content is stored once.
 */
public record Pending(Origin origin, long lastSeenMs) {

  static final JsonSerde<Pending> SERDE = new JsonSerde<>(Pending.class);

  public Pending {
    Objects.requireNonNull(origin, "origin");
  }
}
