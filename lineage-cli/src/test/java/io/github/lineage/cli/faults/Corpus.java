package io.github.lineage.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A generated tree of SQL files in a few directories, and random edits, deletes, renames and
 * creations.
 */
final class Corpus {
  private final Path root;
  private final Random random;
  private int next;

  Corpus(Path root, Random random) {
    this.root = root;
    this.random = random;
  }

  void create(int files) throws IOException {
    for (int i = 0; i < files; i++) {
      write(root.resolve("d" + (i % 4)).resolve("m" + next++ + ".sql"));
    }
  }

  private void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    int a = random.nextInt(40);
    int b = random.nextInt(40);
    String sql =
        "INSERT INTO mart.t"
            + a
            + " (id, v) SELECT s.id, s.v"
            + random.nextInt(3)
            + " FROM raw.s"
            + b
            + " s JOIN mart.t"
            + random.nextInt(40)
            + " o ON o.id = s.id;\n";
    Files.writeString(file, sql, StandardCharsets.UTF_8);
  }

  void burst(int operations) throws IOException {
    for (int i = 0; i < operations; i++) {
      List<Path> files = files();
      int op = random.nextInt(10);
      if (files.isEmpty() || op < 2) {
        write(root.resolve("d" + random.nextInt(4)).resolve("m" + next++ + ".sql"));
        continue;
      }
      Path file = files.get(random.nextInt(files.size()));
      if (op < 7) {
        write(file);
      } else if (op < 8) {
        Files.deleteIfExists(file);
      } else {
        Path target = root.resolve("d" + random.nextInt(4)).resolve("m" + next++ + ".sql");
        Files.createDirectories(target.getParent());
        Files.move(file, target);
      }
    }
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Collections.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
