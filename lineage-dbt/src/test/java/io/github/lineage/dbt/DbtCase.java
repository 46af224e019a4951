package io.github.lineage.dbt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One case of the dbt corpus: a directory holding a tiny dbt project and {@value #EXPECTED}, the
 * lineage dbt's compiled SQL has, model by model. The format is that of the engine's case files
 * (lineage-sql {@code LineageCorpusTest}): {@code #} lines are comments; before the first model,
 * {@code >>> env: NAME=value} sets a variable of the renderer's environment; {@code ### <path>}
 * starts a model (or snapshot) file, and every file the project reports must have one; then {@code
 * >>> key: value} lines — see {@link DbtCorpusTest}.
 */
record DbtCase(
    String name,
    Path root,
    Map<String, String> env,
    Map<String, Map<String, List<String>>> models) {

  static final String EXPECTED = "expected.lineage";

  @Override
  public String toString() {
    return name;
  }

  static DbtCase read(Path root) {
    try {
      return parse(
          root.getFileName().toString(),
          root,
          Files.readString(root.resolve(EXPECTED), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DbtCase parse(String name, Path root, String text) {
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> models = new TreeMap<>();
    Map<String, List<String>> current = null;
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") && !l.startsWith("###")) {
        continue;
      }
      if (l.startsWith("### ")) {
        current = new LinkedHashMap<>();
        if (models.put(l.substring(4).strip(), current) != null) {
          throw new IllegalArgumentException(name + ":" + n + ": model listed twice: " + l);
        }
        continue;
      }
      int colon = l.indexOf(':');
      if (!l.startsWith(">>> ") || colon < 0) {
        throw new IllegalArgumentException(
            name + ":" + n + ": expected '>>> key: value', '### path' or '#': " + l);
      }
      String key = l.substring(4, colon).strip();
      String value = l.substring(colon + 1).strip();
      if (current == null) {
        if (!key.equals("env") || !value.contains("=")) {
          throw new IllegalArgumentException(
              name + ":" + n + ": before the first model only '>>> env: NAME=value'");
        }
        env.put(
            value.substring(0, value.indexOf('=')).strip(),
            value.substring(value.indexOf('=') + 1).strip());
        continue;
      }
      if (!DbtCorpusTest.KEYS.contains(key)) {
        throw new IllegalArgumentException(
            name + ":" + n + ": unknown key '" + key + "' (known: " + DbtCorpusTest.KEYS + ")");
      }
      current.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    for (Map.Entry<String, Map<String, List<String>>> m : models.entrySet()) {
      if (!m.getValue().containsKey("kind")) {
        throw new IllegalArgumentException(
            name + ": model " + m.getKey() + " says no '>>> kind:' (use 'none' for no statement)");
      }
    }
    return new DbtCase(name, root, env, models);
  }
}
