package io.github.lineage.parser;

import io.github.lineage.core.model.ChangeEvent;
import java.util.Objects;

/** A decoded change event travelling through the topology, with the record it was decoded from. */
public record DecodedChange(ChangeEvent event, Origin origin) {
  public DecodedChange {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(origin, "origin");
  }
}
