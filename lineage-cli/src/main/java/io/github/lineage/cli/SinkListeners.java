package io.github.lineage.cli;

import io.github.lineage.core.guard.GuardSignals;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.openlineage.OpenLineageEmitter;
import io.github.lineage.sink.SinkListener;
import java.time.Duration;
import java.util.List;

/**
 * What the composition roots attach to the sink: the guard's signals, and OpenLineage emission when
 * configured.
 */
final class SinkListeners {

  private SinkListeners() {}

  /** {@code emitter} may be null (OpenLineage not configured). */
  static SinkListener of(OpenLineageEmitter emitter, ProcessGuard guard) {
    GuardSignals signals = guard.signals();
    return new SinkListener() {
      @Override
      public void written(LineageDocument document, Duration changeToGraph) {
        signals.latency(document.source() + ":" + document.path(), changeToGraph);
        if (emitter != null) {
          emitter.written(List.of(document));
        }
      }

      @Override
      public void deadLettered(String fileKey, String reason) {
        signals.failed(fileKey);
      }
    };
  }
}
