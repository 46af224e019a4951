package io.github.lineage.cli;

import io.github.lineage.core.model.FileLineage;
import io.github.lineage.dbt.DbtLineage;
import io.github.lineage.dbt.DbtProject;
import io.github.lineage.dbt.DbtProjectFiles;
import io.github.lineage.sql.LineageEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dbt side of {@code lineage parse}: files inside a dbt project are not plain SQL. The models
 * among them are rendered with their project and reported under the model file's path; the rest of
 * the project's files (macros, analyses, tests) are what rendering reads, not lineage.
 */
final class DbtParse {

  private final List<Path> plain = new ArrayList<>();
  private final List<FileLineage> models = new ArrayList<>();

  DbtParse(LineageEngine engine, List<Path> files, Map<String, String> env) {
    Map<Path, List<Path>> byRoot = new LinkedHashMap<>();
    for (Path f : files) {
      Optional<Path> root = DbtProjectFiles.rootOf(f);
      if (root.isPresent()) {
        byRoot.computeIfAbsent(root.get(), r -> new ArrayList<>()).add(f);
      } else {
        plain.add(f);
      }
    }
    DbtLineage lineage = new DbtLineage(engine);
    for (Map.Entry<Path, List<Path>> e : byRoot.entrySet()) {
      Path root = e.getKey();
      DbtProject project = DbtProject.of(DbtProjectFiles.read(root), env);
      Map<String, DbtLineage.ModelLineage> result = lineage.extract(project, env);
      Set<String> asked =
          e.getValue().stream()
              .map(
                  f ->
                      root.relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/'))
              .collect(Collectors.toSet());
      // Report in the order the files were given; the display path is the file as the user named
      // it.
      for (Path f : e.getValue()) {
        String rel = root.relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/');
        DbtLineage.ModelLineage ml = result.get(rel);
        if (ml != null && asked.contains(rel)) {
          FileLineage fl = ml.lineage();
          models.add(
              new FileLineage(
                  f.toString().replace('\\', '/'),
                  fl.sha256(),
                  fl.statements(),
                  fl.errors(),
                  fl.warnings()));
        }
      }
    }
  }

  /** Files outside any dbt project: parsed as plain SQL. */
  List<Path> plainFiles() {
    return plain;
  }

  /** Lineage of the dbt models among the files. */
  List<FileLineage> models() {
    return models;
  }
}
