package io.github.lineage.parser;

import java.util.Objects;

/**
 * The value of the debounce store: the latest event of a key (as its original record) and the
 * wall-clock time it arrived. Only the original bytes are kept, not the decoded event, so the
 * content is stored once. Stored in the format of {@link PendingSerde}.
 */
public record Pending(Origin origin, long lastSeenMs) {

  public Pending {
    Objects.requireNonNull(origin, "origin");
  }
}
