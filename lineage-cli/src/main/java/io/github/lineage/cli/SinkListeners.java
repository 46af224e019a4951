package io.github.lineage.cli;

import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.openlineage.OpenLineageEmitter;
import io.github.lineage.sink.SinkListener;
import java.time.Duration;
import java.util.List;

/** What the composition roots attach to the sink: OpenLineage emission, when configured. */
final class SinkListeners {

  private SinkListeners() {}

  /** {@code emitter} may be null (OpenLineage not configured). */
  static SinkListener of(OpenLineageEmitter emitter) {
    if (emitter == null) {
      return SinkListener.NONE;
    }
    return new SinkListener() {
      @Override
      public void written(LineageDocument document, Duration changeToGraph) {
        emitter.written(List.of(document));
      }
    };
  }
}
