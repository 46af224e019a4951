package io.github.lineage.sink;

/** The work was stopped in the middle of a batch; nothing of it is committed (it is read again). */
final class BatchAborted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BatchAborted() {
    super("sink worker stopped", null, false, false);
  }
}
