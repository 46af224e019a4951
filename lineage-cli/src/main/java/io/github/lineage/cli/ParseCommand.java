package io.github.lineage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.StatementError;
import io.github.lineage.core.model.StatementLineage;
import io.github.lineage.sql.CorpusParse;
import io.github.lineage.sql.Dialect;
import io.github.lineage.sql.EngineOptions;
import io.github.lineage.sql.LineageEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lineage parse}: offline extraction (docs/design.md §4), no Kafka. Two passes over the
 * files ({@link CorpusParse}, on every core, each statement parsed once): the first learns the
 * columns of every CREATE TABLE/VIEW of all files (so {@code SELECT *} expands across files), the
 * second prints one result per file, in file order.
 */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description = {
      "Extract table and column lineage from SQL files offline (no Kafka).",
      "Directories are walked recursively for files matching --glob.",
      "",
      "Output: --format json prints JSON Lines, one object per file:",
      "  {\"path\",\"sha256\",\"statements\":[{\"index\",\"line\",\"kind\",\"sources\",\"targets\",",
      "   \"columns\":[{\"target\",\"sources\"}]}],\"errors\":[{\"index\",\"line\",\"message\"}]}",
      "A directory holding dbt_project.yml is a dbt project: its models are rendered (Jinja, dbt's",
      "ref/source/config/var/macros) and reported by model file; its other files are not parsed as SQL.",
      "A file that cannot be decoded (binary, not UTF-8) or read is printed as",
      "  {\"path\",\"error\":\"…\"} and the other files are still processed.",
      "",
      "Exit codes: 0 every file was read (statement errors are reported in the output, not the exit code);",
      "1 at least one file was unreadable, binary or not UTF-8; 2 usage error; 6 a path does not exist."
    })
public final class ParseCommand implements Callable<Integer> {

  enum Format {
    text,
    json
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text (for people) or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--dialect",
      description =
          "SQL dialect: ansi, postgres, redshift, mysql, bigquery, snowflake, tsql, spark (hive, databricks), oracle. Default: read every quoting style.")
  String dialect;

  @Option(
      names = "--glob",
      defaultValue = "*.sql",
      description = "File name pattern inside directories. Default: ${DEFAULT-VALUE}.")
  String glob;

  @Option(names = "--threads", description = "Files parsed at once. Default: the number of cores.")
  Integer threads;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "SQL files or directories.")
  List<Path> paths;

  @Override
  public Integer call() {
    EngineOptions options = EngineOptions.defaults();
    if (dialect != null) {
      options =
          options.withDialect(
              Dialect.parse(dialect)
                  .orElseThrow(
                      () ->
                          new UserException(
                              "unknown --dialect '"
                                  + dialect
                                  + "' (try ansi, postgres, mysql, bigquery, snowflake, tsql, spark, oracle)")));
    }
    List<Path> files = collect();
    PrintWriter out = spec.commandLine().getOut();
    int[] unreadable = {0};
    int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (workers < 1) {
      throw new UserException("--threads must be at least 1, got " + workers);
    }
    try (LineageEngine engine = new LineageEngine(options);
        CorpusParse corpus = new CorpusParse(engine, workers)) {
      DbtParse dbt = new DbtParse(engine, files, System.getenv());
      for (FileLineage fl : dbt.models()) {
        out.print(render(fl));
      }
      corpus.run(
          dbt.plainFiles(),
          ParseCommand::display,
          outcome ->
              outcome instanceof CorpusParse.Unreadable u
                  ? new Printed(renderError(display(u.file()), u.reason()), true)
                  : new Printed(render(((CorpusParse.Parsed) outcome).lineage()), false),
          printed -> {
            unreadable[0] += printed.unreadable() ? 1 : 0;
            out.print(printed.text());
          });
    }
    out.flush();
    return unreadable[0] > 0 ? 1 : 0;
  }

  /** One file's output, rendered on a parsing thread and printed in file order. */
  private record Printed(String text, boolean unreadable) {}

  private static String display(Path file) {
    return file.toString().replace('\\', '/');
  }

  private List<Path> collect() {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw UserException.notFound("no such file or directory: " + p);
      }
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> matcher.matches(f.getFileName()))
              .sorted()
              .forEach(files::add);
        } catch (IOException | UncheckedIOException e) {
          throw new UserException("cannot read directory " + p + ": " + e.getMessage());
        }
      } else {
        files.add(p);
      }
    }
    return files;
  }

  /** What one file prints, ending in a line break: a JSON line, or its text block. */
  private String render(FileLineage fl) {
    if (format == Format.json) {
      return toJson(fl) + System.lineSeparator();
    }
    StringWriter text = new StringWriter();
    try (PrintWriter w = new PrintWriter(text)) {
      printText(w, fl);
    }
    return text.toString();
  }

  /** A file that was not parsed. */
  private String renderError(String path, String message) {
    String text;
    if (format == Format.json) {
      ObjectNode o = JSON.createObjectNode();
      o.put("path", path);
      o.put("error", message);
      text = o.toString() + System.lineSeparator();
    } else {
      text = path + ": ERROR " + message + System.lineSeparator() + System.lineSeparator();
    }
    return text;
  }

  static String toJson(FileLineage fl) {
    ObjectNode o = JSON.createObjectNode();
    o.put("path", fl.path());
    o.put("sha256", fl.sha256());
    ArrayNode sts = o.putArray("statements");
    for (StatementLineage s : fl.statements()) {
      ObjectNode n = sts.addObject();
      n.put("index", s.index());
      n.put("line", s.line());
      n.put("kind", s.kind());
      s.sources().forEach(n.putArray("sources")::add);
      s.targets().forEach(n.putArray("targets")::add);
      ArrayNode cols = n.putArray("columns");
      for (ColumnEdge e : s.columns()) {
        ObjectNode c = cols.addObject();
        c.put("target", e.target());
        e.sources().forEach(c.putArray("sources")::add);
      }
      // Like the document's field (docs/design.md §4): written only when the statement has indirect
      // lineage.
      ArrayNode indirect = s.indirect().isEmpty() ? null : n.putArray("indirect");
      for (StatementLineage.Indirect e : s.indirect()) {
        ObjectNode c = indirect.addObject();
        c.put("target", e.target());
        e.sources().forEach(c.putArray("sources")::add);
        c.put("kind", e.kind());
      }
    }
    ArrayNode errs = o.putArray("errors");
    for (StatementError e : fl.errors()) {
      ObjectNode n = errs.addObject();
      n.put("index", e.index());
      n.put("line", e.line());
      n.put("message", e.message());
    }
    // Like the document's field (docs/dbt.md): written only when there are warnings.
    ArrayNode warnings = fl.warnings().isEmpty() ? null : o.putArray("warnings");
    for (StatementError e : fl.warnings()) {
      ObjectNode n = warnings.addObject();
      n.put("index", e.index());
      n.put("line", e.line());
      n.put("message", e.message());
    }
    return o.toString();
  }

  private static void printText(PrintWriter out, FileLineage fl) {
    out.println(
        fl.path()
            + "  ("
            + fl.statements().size()
            + " statements, "
            + fl.errors().size()
            + " errors)");
    for (StatementLineage s : fl.statements()) {
      out.println("  #" + s.index() + " line " + s.line() + " " + s.kind());
      if (!s.sources().isEmpty()) {
        out.println("    reads:  " + String.join(", ", s.sources()));
      }
      if (!s.targets().isEmpty()) {
        out.println("    writes: " + String.join(", ", s.targets()));
      }
      for (ColumnEdge e : s.columns()) {
        out.println("    " + e.target() + " <- " + String.join(", ", e.sources()));
      }
    }
    for (StatementError e : fl.errors()) {
      out.println("  #" + e.index() + " line " + e.line() + " ERROR " + e.message());
    }
    for (StatementError e : fl.warnings()) {
      out.println("  line " + e.line() + " WARNING " + e.message());
    }
    out.println();
  }
}
