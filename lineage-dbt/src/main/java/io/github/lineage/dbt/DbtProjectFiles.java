package io.github.lineage.dbt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Finds dbt projects on disk and reads the files rendering depends on. */
public final class DbtProjectFiles {

  /** Directories dbt itself writes or vendors into; never models of the project. */
  private static final Set<String> SKIPPED_DIRS =
      Set.of("target", "dbt_packages", "dbt_modules", "logs", ".git");

  private DbtProjectFiles() {}

  /** The nearest directory at or above {@code path} holding {@code dbt_project.yml}. */
  public static Optional<Path> rootOf(Path path) {
    Path p = path.toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      p = p.getParent();
    }
    for (; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(DbtProject.PROJECT_FILE))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The project files under {@code root} (YAML, SQL, CSV; seeds by their header line only), by path
   * relative to it with forward slashes. A file that cannot be read or decoded is left out.
   */
  public static Map<String, String> read(Path root) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .filter(f -> DbtProject.isProjectFile(f.getFileName().toString()))
          .filter(f -> !skipped(root.relativize(f)))
          .forEach(
              f -> {
                String rel = root.relativize(f).toString().replace('\\', '/');
                try {
                  String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                  files.put(rel, rel.endsWith(".csv") ? headerOnly(text) : text);
                } catch (IOException e) {
                  // unreadable: the model (if it is one) is reported by the caller
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dbt project " + root + ": " + e.getMessage(), e);
    }
    return files;
  }

  /** A seed's first line: its columns are all lineage needs, and seeds can be large. */
  public static String headerOnly(String csv) {
    int nl = csv.indexOf('\n');
    return nl < 0 ? csv : csv.substring(0, nl + 1);
  }

  private static boolean skipped(Path rel) {
    for (Path part : rel) {
      if (SKIPPED_DIRS.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }
}
