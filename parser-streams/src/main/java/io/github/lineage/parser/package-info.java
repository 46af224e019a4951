/**
 * parser-streams: the Kafka Streams application between {@code lineage.file-changes} and {@code
 * lineage.documents}.
 *
 * <ul>
 *   <li>{@link io.github.lineage.parser.TopologyFactory} builds the topology (used by {@link
 *       io.github.lineage.parser.ParserService} and the tests): decode → debounce → parse, with
 *       documents, parse-cache and DLQ sinks.
 *   <li>Debounce ({@code lineage.debounce}): a persistent store of the latest event per file and a
 *       wall-clock punctuator over an in-memory index ordered by due time, rebuilt from the store
 *       when a task starts, so pending files survive restarts and still flush.
 *   <li>Parse cache ({@code lineage.parse-cache}): a <em>global</em> RocksDB store keyed by {@code
 *       sha256:parserVersion}, fed by the compacted topic {@code <applicationId>-parse-cache}. A
 *       per-task store would only hit for files that share a partition; the global store hits for
 *       the same content anywhere. Entries become visible after one round trip through the topic.
 *   <li>dbt projects ({@link io.github.lineage.parser.DbtTopology}): events naming a dbt project
 *       are repartitioned by project into {@link io.github.lineage.parser.DbtProjectProcessor},
 *       which keeps the project's files in a store and emits the documents a change altered
 *       (docs/dbt.md).
 *   <li>Metrics: {@code queue.size{stage=parser}} is the sum of the main consumers' {@code
 *       records-lag} for the input topic; {@code batch.processing.duration{stage=parser}} times one
 *       file (for the parser a batch is one file).
 * </ul>
 */
package io.github.lineage.parser;
