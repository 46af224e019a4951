package io.github.lineage.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The repository this module lives in ({@code ..} of the module directory) and readers for its
 * files.
 */
final class RepoFiles {

  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new JsonMapper();

  private static final Path ROOT = locate();

  private RepoFiles() {}

  static Path root() {
    return ROOT;
  }

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative, e);
    }
  }

  static JsonNode yaml(String relative) {
    return parse(YAML, read(relative), relative);
  }

  static JsonNode json(String relative) {
    return parse(JSON, read(relative), relative);
  }

  /** Every document of a multi-document YAML stream, empty documents dropped. */
  static List<JsonNode> yamlDocuments(String text) {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("invalid YAML stream", e);
    }
    return docs;
  }

  private static JsonNode parse(ObjectMapper mapper, String text, String name) {
    try {
      return mapper.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(name + " does not parse: " + e.getMessage(), e);
    }
  }

  private static Path locate() {
    // Surefire runs in the module directory and sets basedir; the repository is its parent.
    Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    Path root = module.getParent();
    if (root == null
        || !Files.isRegularFile(root.resolve("pom.xml"))
        || !Files.isRegularFile(root.resolve("docker-compose.yml"))) {
      throw new IllegalStateException(
          "cannot find the repository root above "
              + module
              + " (expected pom.xml and docker-compose.yml in the parent of deploy-checks/)");
    }
    return root;
  }
}
