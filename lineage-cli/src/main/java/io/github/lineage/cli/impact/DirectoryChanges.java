package io.github.lineage.cli.impact;

import io.github.lineage.cli.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The change between two directory trees ({@code --before DIR --after DIR}). */
public final class DirectoryChanges implements ChangeSet {

  private final Path before;
  private final Path after;
  private final SqlFiles sql;
  private Map<String, String> afterTree;

  public DirectoryChanges(Path before, Path after, String glob) {
    for (Path dir : List.of(before, after)) {
      if (!Files.isDirectory(dir)) {
        throw UserException.notFound("not a directory: " + dir);
      }
    }
    this.before = before;
    this.after = after;
    this.sql = new SqlFiles(glob);
  }

  @Override
  public List<ChangedFile> changed() {
    Map<String, byte[]> old = read(before);
    Map<String, byte[]> now = read(after);
    TreeSet<String> paths = new TreeSet<>(old.keySet());
    paths.addAll(now.keySet());
    List<ChangedFile> changed = new ArrayList<>();
    for (String path : paths) {
      byte[] a = old.get(path);
      byte[] b = now.get(path);
      if (a != null && b != null && Arrays.equals(a, b)) {
        continue;
      }
      String beforeText = a == null ? null : SqlFiles.text(a);
      String afterText = b == null ? null : SqlFiles.text(b);
      if (beforeText != null || afterText != null) {
        changed.add(new ChangedFile(path, beforeText, afterText));
      }
    }
    return changed;
  }

  @Override
  public Map<String, String> afterTree() {
    if (afterTree == null) {
      Map<String, String> tree = new TreeMap<>();
      read(after)
          .forEach(
              (path, bytes) -> {
                String text = SqlFiles.text(bytes);
                if (text != null) {
                  tree.put(path, text);
                }
              });
      afterTree = tree;
    }
    return afterTree;
  }

  @Override
  public String defaultSource() {
    Path name = after.toAbsolutePath().normalize().getFileName();
    return name == null ? "root" : name.toString();
  }

  @Override
  public String describe() {
    return before + " → " + after;
  }

  private Map<String, byte[]> read(Path root) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .forEach(
              f -> {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (sql.matches(rel)) {
                  try {
                    files.put(rel, Files.readAllBytes(f));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }
              });
    } catch (IOException | UncheckedIOException e) {
      throw new UserException(
          "cannot read " + root + ": " + Objects.requireNonNullElse(e.getMessage(), e.toString()));
    }
    return files;
  }
}
