package io.github.lineage.core.kafka;

import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.LineageDocument;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline, defined once: its default name and its key/value serdes. Names can
 * be overridden per deployment through {@link TopicNames}; the serdes never change.
 */
public final class Topics {

  public static final String FILE_CHANGES = "lineage.file-changes";
  public static final String DOCUMENTS = "lineage.documents";
  public static final String DLQ = "lineage.dlq";

  public static final Serde<String> KEY_SERDE = Serdes.String();
  public static final JsonSerde<ChangeEvent> CHANGE_EVENT_SERDE =
      new JsonSerde<>(ChangeEvent.class);
  public static final JsonSerde<LineageDocument> DOCUMENT_SERDE =
      new JsonSerde<>(LineageDocument.class);

  /** Default partition count when the pipeline creates its topics itself. */
  public static final int DEFAULT_PARTITIONS = 6;

  private Topics() {}
}
