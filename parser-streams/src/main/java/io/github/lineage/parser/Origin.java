package io.github.lineage.parser;

/**
 * Where a change event came from, with its bytes untouched: what a dead letter must carry so that
 * {@code lineage dlq replay} can re-drive exactly the record that failed.
 */
public record Origin(
    String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {}
