package io.github.lineage.watcher;

/** Why a path was not read at all (not dead-lettered: there is nothing of ours to report). */
enum SkipReason {
  /** A symlink whose target lies outside the watched root. */
  SYMLINK_OUTSIDE_ROOT("symlink_outside_root"),
  /** A directory on the way to the file is a symlink (e.g. a directory swapped for a link). */
  BEHIND_SYMLINK("behind_symlink"),
  /** A symlink that leads nowhere. */
  DANGLING_SYMLINK("dangling_symlink");

  private final String code;

  SkipReason(String code) {
    this.code = code;
  }

  String code() {
    return code;
  }
}
