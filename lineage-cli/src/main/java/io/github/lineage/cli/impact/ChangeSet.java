package io.github.lineage.cli.impact;

import java.util.List;
import java.util.Map;

/** A change to a tree of SQL files: two directories, or two revisions of a git repository. */
public interface ChangeSet {

  /** The SQL files whose content differs, by path. */
  List<ChangedFile> changed();

  /** Every SQL file of the after side, path → content: read only when no live graph answers. */
  Map<String, String> afterTree();

  /**
   * The watched root's name on the after side: the {@code source} of the graph's file keys by
   * default.
   */
  String defaultSource();

  /** For the report: what was compared. */
  String describe();
}
