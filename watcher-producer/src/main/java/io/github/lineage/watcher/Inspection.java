package io.github.lineage.watcher;

import io.github.lineage.core.kafka.DeadLetterReason;
import java.time.Instant;
import java.util.Objects;

/** What reading one file found: publishable text, or a reason to dead-letter it. */
sealed interface Inspection {

  /** The file's bytes. Null only for an unreadable file. */
  String sha256();

  long size();

  /** Valid UTF-8 text within the size limit. */
  record Accepted(String sha256, long size, Instant modifiedAt, String content)
      implements Inspection {
    public Accepted {
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(content, "content");
    }
  }

  /** A file that must go to the DLQ; {@code sha256} lets a restart recognise the same bad bytes. */
  record Rejected(DeadLetterReason reason, String message, long size, String sha256)
      implements Inspection {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
