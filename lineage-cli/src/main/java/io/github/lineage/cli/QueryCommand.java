package io.github.lineage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.lineage.api.ApiLimits;
import io.github.lineage.api.Hop;
import io.github.lineage.api.Impact;
import io.github.lineage.api.LineageEdge;
import io.github.lineage.api.LineageReads.Direction;
import io.github.lineage.api.LineageReads.Level;
import io.github.lineage.api.SearchResult;
import io.github.lineage.api.TableFiles;
import io.github.lineage.api.Traversal;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.kafka.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the lineage graph: a running `lineage local` over its API (found in $LINEAGE_HOME/api.json), Neo4j at",
      "NEO4J_URI, or the embedded store under $LINEAGE_HOME when nothing listens there.",
      "--format json prints the objects of the HTTP API (docs/api.md)."
    },
    subcommands = {
      QueryCommand.Upstream.class,
      QueryCommand.Downstream.class,
      QueryCommand.Files.class,
      QueryCommand.Search.class,
      QueryCommand.ImpactOf.class
    })
public final class QueryCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "say upstream, downstream, files, search or impact");
  }

  /** Options every query shares. */
  static final class Common {
    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Mixin ConnectionOptions connection;

    @Option(
        names = "--home",
        description = "Embedded store location (default: $LINEAGE_HOME, else .lineage/).")
    Path home;

    LineageHome home(EnvReader env) {
      return home != null ? new LineageHome(home) : LineageHome.from(env);
    }

    /** Asks the graph and prints the answer as JSON or, for people, with {@code text}. */
    <T> int answer(
        picocli.CommandLine.Model.CommandSpec spec,
        Function<io.github.lineage.api.LineageAnswers, T> question,
        java.util.function.BiConsumer<PrintWriter, T> text) {
      EnvReader env = connection.env();
      T answer;
      try (GraphAnswers graph = GraphAnswers.open(env, home(env))) {
        answer = graph.ask(question);
        // On stderr, so that stdout stays the answer alone (JSON for a pipe).
        spec.commandLine().getErr().println("answered by " + graph.description());
        spec.commandLine().getErr().flush();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.json) {
        try {
          out.println(Json.MAPPER.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      } else {
        text.accept(out, answer);
      }
      out.flush();
      return 0;
    }
  }

  enum Format {
    text,
    json
  }

  abstract static class Walk implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Common common;

    @Parameters(
        index = "0",
        paramLabel = "TABLE",
        description = "Table (schema.table), or with --columns a table or column.")
    String name;

    @Option(
        names = "--depth",
        defaultValue = "5",
        description = "Hops to follow, 1-" + ApiLimits.MAX_DEPTH + " (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(
        names = "--limit",
        defaultValue = "" + ApiLimits.DEFAULT_NODES,
        description =
            "At most this many nodes, 1-" + ApiLimits.MAX_NODES + " (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--columns",
        description = "Follow column lineage (DERIVES) instead of table lineage (FEEDS).")
    boolean columns;

    abstract Direction direction();

    @Override
    public Integer call() {
      if (depth < 1 || depth > ApiLimits.MAX_DEPTH) {
        throw new UserException("--depth must be between 1 and " + ApiLimits.MAX_DEPTH);
      }
      Level level = columns ? Level.column : Level.table;
      return common.answer(
          spec, a -> a.traverse(name, direction(), level, depth, limit), QueryCommand::printTree);
    }
  }

  /**
   * Renders the walk as a tree from the start; a node reached from several parents shows under
   * each.
   */
  static void printTree(PrintWriter out, Traversal walk) {
    boolean upstream = walk.direction().equals(Direction.upstream.name());
    Map<String, List<Hop>> children = new TreeMap<>();
    for (Hop hop : walk.nodes()) {
      for (String parent : hop.via()) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(hop);
      }
    }
    Map<String, List<String>> where = new TreeMap<>();
    for (LineageEdge e : walk.edges()) {
      String key = upstream ? e.target() + " " + e.source() : e.source() + " " + e.target();
      where.computeIfAbsent(key, k -> new ArrayList<>()).add(fileAndLines(e.file(), e.lines()));
    }
    out.printf(
        "%s of %s (%s lineage, depth %d)%n",
        walk.direction(), walk.start(), walk.level(), walk.depth());
    out.println(walk.start());
    if (walk.nodes().isEmpty()) {
      out.println("  (nothing " + walk.direction() + ")");
      return;
    }
    printChildren(out, walk.start(), children, where, "", new HashSet<>(Set.of(walk.start())), 0);
    if (walk.truncated()) {
      out.println(
          "(truncated at " + walk.nodes().size() + " nodes: raise --limit or lower --depth)");
    }
  }

  static String fileAndLines(String file, List<Integer> lines) {
    String f = file == null ? "(unknown file)" : file;
    return lines.isEmpty()
        ? f
        : f + ":" + String.join(",", lines.stream().map(String::valueOf).toList());
  }

  private static void printChildren(
      PrintWriter out,
      String node,
      Map<String, List<Hop>> children,
      Map<String, List<String>> where,
      String indent,
      Set<String> path,
      int level) {
    List<Hop> kids =
        children.getOrDefault(node, List.of()).stream()
            .filter(h -> h.distance() == level + 1)
            .toList();
    for (int i = 0; i < kids.size(); i++) {
      Hop hop = kids.get(i);
      boolean last = i == kids.size() - 1;
      List<String> files = where.getOrDefault(node + " " + hop.name(), hop.files());
      out.printf(
          "%s%s %s  [%s]%n", indent, last ? "└──" : "├──", hop.name(), String.join(", ", files));
      if (path.add(hop.name())) {
        printChildren(
            out, hop.name(), children, where, indent + (last ? "    " : "│   "), path, level + 1);
        path.remove(hop.name());
      }
    }
  }

  @Command(
      name = "upstream",
      mixinStandardHelpOptions = true,
      description = "What feeds TABLE, hop by hop.")
  static final class Upstream extends Walk {
    @Override
    Direction direction() {
      return Direction.upstream;
    }
  }

  @Command(
      name = "downstream",
      mixinStandardHelpOptions = true,
      description = "What TABLE feeds: what breaks if it changes.")
  static final class Downstream extends Walk {
    @Override
    Direction direction() {
      return Direction.downstream;
    }
  }

  @Command(
      name = "files",
      mixinStandardHelpOptions = true,
      description = "The files that write and that read TABLE.")
  static final class Files implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Common common;

    @Parameters(index = "0", paramLabel = "TABLE")
    String table;

    @Override
    public Integer call() {
      return common.answer(
          spec,
          a -> a.files(table),
          (PrintWriter out, TableFiles files) -> {
            out.println(files.table());
            out.println(
                "  written by: "
                    + (files.writers().isEmpty()
                        ? "(no file)"
                        : String.join(", ", files.writers())));
            out.println(
                "  read by:    "
                    + (files.readers().isEmpty()
                        ? "(no file)"
                        : String.join(", ", files.readers())));
          });
    }
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description = "Tables and columns whose name starts with PREFIX.")
  static final class Search implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Common common;

    @Parameters(index = "0", paramLabel = "PREFIX")
    String prefix;

    @Option(
        names = "--limit",
        defaultValue = "" + ApiLimits.DEFAULT_SEARCH,
        description =
            "At most this many, 1-" + ApiLimits.MAX_SEARCH + " (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      return common.answer(
          spec,
          a -> a.search(prefix, limit),
          (PrintWriter out, SearchResult result) -> {
            result.matches().forEach(m -> out.printf("%-6s  %s%n", m.kind(), m.name()));
            if (result.matches().isEmpty()) {
              out.println("(nothing starts with " + result.prefix() + ")");
            } else if (result.truncated()) {
              out.println("(more: raise --limit)");
            }
          });
    }
  }

  @Command(
      name = "impact",
      mixinStandardHelpOptions = true,
      description =
          "Everything downstream of NAME (tables and columns) and the files and lines of the statements on the way.")
  static final class ImpactOf implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Common common;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Tables or columns.")
    List<String> names;

    @Option(
        names = "--depth",
        defaultValue = "" + ApiLimits.MAX_DEPTH,
        description = "Hops to follow, 1-" + ApiLimits.MAX_DEPTH + " (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(
        names = "--limit",
        defaultValue = "" + ApiLimits.DEFAULT_NODES,
        description = "At most this many tables and columns each (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      return common.answer(spec, a -> a.impact(names, depth, limit), QueryCommand::printImpact);
    }
  }

  static void printImpact(PrintWriter out, Impact impact) {
    out.printf("impact of %s (depth %d)%n", String.join(", ", impact.starts()), impact.depth());
    out.printf("tables (%d):%n", impact.tables().size());
    impact.tables().forEach(h -> out.printf("  %2d  %s%n", h.distance(), h.name()));
    out.printf("columns (%d):%n", impact.columns().size());
    impact.columns().forEach(h -> out.printf("  %2d  %s%n", h.distance(), h.name()));
    out.printf("files (%d):%n", impact.files().size());
    for (Impact.ImpactFile f : impact.files()) {
      out.printf(
          "  %s%s%s%n",
          fileAndLines(f.file(), f.lines()),
          f.writes().isEmpty() ? "" : "  writes " + String.join(", ", f.writes()),
          f.reads().isEmpty() ? "" : "  reads " + String.join(", ", f.reads()));
    }
    if (impact.truncated()) {
      out.println("(truncated: raise --limit or lower --depth)");
    }
  }
}
