package io.github.lineage.cli.impact;

import io.github.lineage.cli.UserException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The change between two revisions of a git repository ({@code --git BASE..HEAD}), read with the
 * {@code git} binary: the changed paths from {@code git diff}, both versions from one {@code git
 * cat-file --batch}. {@code BASE...HEAD} compares with their merge base, as a pull request does; a
 * rename is a delete and an add, as the watcher sees it. {@code root} is the watched directory
 * inside the repository (paths in the graph are relative to it).
 */
public final class GitChanges implements ChangeSet {

  private final Git git;
  private final String range;
  private final String base;
  private final String head;
  private final String root;
  private final String rootName;
  private final SqlFiles sql;
  private Map<String, String> afterTree;

  public GitChanges(Path repo, String range, String root, String glob) {
    Git here = new Git(repo);
    String top = here.text("rev-parse", "--show-toplevel");
    // Paths of diff and ls-tree are taken from the top level; --repo may be a directory inside it.
    String prefix = here.text("rev-parse", "--show-prefix");
    this.git = new Git(Path.of(top));
    this.range = range;
    this.sql = new SqlFiles(glob);
    String[] revs = split(range);
    String baseRev = revs[0];
    String headRev = revs[1];
    this.head = commit(headRev);
    this.base =
        range.contains("...") ? git.text("merge-base", commit(baseRev), head) : commit(baseRev);
    String r =
        Path.of(prefix).resolve(root == null ? "" : root).normalize().toString().replace('\\', '/');
    if (r.startsWith("..") || Path.of(r).isAbsolute()) {
      throw new UserException("--root must be a directory inside the repository, got " + root);
    }
    this.root = r;
    Path name = Path.of(r.isEmpty() ? top : r).getFileName();
    this.rootName = name == null ? "root" : name.toString();
  }

  private static String[] split(String range) {
    String sep = range.contains("...") ? "..." : "..";
    int at = range.indexOf(sep);
    String[] revs =
        at < 0
            ? new String[] {range, "HEAD"}
            : new String[] {range.substring(0, at), range.substring(at + sep.length())};
    for (int i = 0; i < 2; i++) {
      if (revs[i].isEmpty()) {
        revs[i] = "HEAD";
      }
      if (revs[i].startsWith("-")) {
        throw UserException.notFound("not a revision: " + revs[i]);
      }
    }
    return revs;
  }

  private String commit(String rev) {
    return git.text("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}");
  }

  @Override
  public List<ChangedFile> changed() {
    byte[] diff =
        git.run(
            null,
            "diff",
            "--name-status",
            "-z",
            "--no-renames",
            base,
            head,
            "--",
            root.isEmpty() ? "." : root);
    String[] fields = new String(diff, StandardCharsets.UTF_8).split("\0");
    Map<String, String> status = new LinkedHashMap<>();
    for (int i = 0; i + 1 < fields.length; i += 2) {
      String path = fields[i + 1];
      if (sql.matches(path)) {
        status.put(path, fields[i]);
      }
    }
    List<String> objects = new ArrayList<>();
    status
        .keySet()
        .forEach(
            p -> {
              objects.add(base + ":" + p);
              objects.add(head + ":" + p);
            });
    Map<String, byte[]> blobs = git.blobs(objects);
    List<ChangedFile> changed = new ArrayList<>();
    for (String path : status.keySet()) {
      byte[] a = blobs.get(base + ":" + path);
      byte[] b = blobs.get(head + ":" + path);
      String before = a == null ? null : SqlFiles.text(a);
      String after = b == null ? null : SqlFiles.text(b);
      if (before != null || after != null) {
        changed.add(new ChangedFile(relative(path), before, after));
      }
    }
    return changed;
  }

  @Override
  public Map<String, String> afterTree() {
    if (afterTree == null) {
      byte[] listing =
          git.run(
              null, "ls-tree", "-r", "-z", "--name-only", head, "--", root.isEmpty() ? "." : root);
      List<String> objects = new ArrayList<>();
      for (String path : new String(listing, StandardCharsets.UTF_8).split("\0")) {
        if (!path.isEmpty() && sql.matches(path)) {
          objects.add(head + ":" + path);
        }
      }
      Map<String, String> tree = new TreeMap<>();
      git.blobs(objects)
          .forEach(
              (object, bytes) -> {
                String text = SqlFiles.text(bytes);
                if (text != null) {
                  tree.put(relative(object.substring(head.length() + 1)), text);
                }
              });
      afterTree = tree;
    }
    return afterTree;
  }

  /** A repository path made relative to the watched root, as the graph's keys are. */
  private String relative(String path) {
    return root.isEmpty() ? path : path.substring(root.length() + 1);
  }

  @Override
  public String defaultSource() {
    return rootName;
  }

  @Override
  public String describe() {
    return range + " (" + base.substring(0, 12) + ".." + head.substring(0, 12) + ")";
  }
}
