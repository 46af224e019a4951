package io.github.lineage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.kafka.Json;
import io.github.lineage.sink.LineageHop;
import io.github.lineage.sink.LineageQueries;
import io.github.lineage.sink.TableFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the lineage graph: Neo4j at NEO4J_URI, or the embedded store under $LINEAGE_HOME when nothing listens there."
    },
    subcommands = {QueryCommand.Upstream.class, QueryCommand.Downstream.class, QueryCommand.Files.class})
public final class QueryCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say upstream, downstream or files");
  }

  /** Options every query shares. */
  static final class Common {
    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Mixin ConnectionOptions connection;

    @Option(names = "--home", description = "Embedded store location (default: $LINEAGE_HOME, else .lineage/).")
    Path home;

    LineageHome home(EnvReader env) {
      return home != null ? new LineageHome(home) : LineageHome.from(env);
    }
  }

  enum Format { text, json }

  abstract static class Traversal implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Common common;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Table (schema.table), or with --columns a table or column.")
    String name;

    @Option(names = "--depth", defaultValue = "5", description = "Hops to follow, 1-" + LineageQueries.MAX_DEPTH + " (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--columns", description = "Follow column lineage (DERIVES) instead of table lineage (FEEDS).")
    boolean columns;

    abstract String direction();

    abstract BiFunction<String, Integer, List<LineageHop>> query(LineageQueries queries);

    @Override
    public Integer call() {
      if (depth < 1 || depth > LineageQueries.MAX_DEPTH) {
        throw new UserException("--depth must be between 1 and " + LineageQueries.MAX_DEPTH);
      }
      String start = name.toLowerCase(Locale.ROOT);
      EnvReader env = common.connection.env();
      try (GraphConnection graph = GraphConnection.open(env, common.home(env))) {
        LineageQueries queries = new LineageQueries(graph.driver());
        List<LineageHop> hops = query(queries).apply(start, depth);
        if (hops.isEmpty() && !columns && isUnknown(queries, start)) {
          throw new UserException("no table named '" + start + "' in the graph (" + graph.description() + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.format == Format.json) {
          out.println(toJson(start, hops));
        } else {
          printTree(out, start, hops);
        }
        out.flush();
        return 0;
      }
    }

    private static boolean isUnknown(LineageQueries queries, String table) {
      TableFiles files = queries.files(table);
      return files.readers().isEmpty() && files.writers().isEmpty();
    }

    private String toJson(String start, List<LineageHop> hops) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.put("start", start);
      root.put("direction", direction());
      root.put("level", columns ? "column" : "table");
      root.put("depth", depth);
      ArrayNode nodes = root.putArray("nodes");
      for (LineageHop hop : hops) {
        ObjectNode node = nodes.addObject();
        node.put("name", hop.name());
        node.put("distance", hop.distance());
        hop.via().forEach(node.putArray("via")::add);
        ArrayNode files = node.putArray("files");
        hop.files().forEach(files::add);
      }
      return root.toString();
    }

    /** Renders the hops as a tree from the start; a node reached from several parents shows under each. */
    private void printTree(PrintWriter out, String start, List<LineageHop> hops) {
      Map<String, List<LineageHop>> children = new TreeMap<>();
      for (LineageHop hop : hops) {
        for (String parent : hop.via()) {
          children.computeIfAbsent(parent, k -> new ArrayList<>()).add(hop);
        }
      }
      out.printf("%s of %s (%s lineage, depth %d)%n", direction(), start, columns ? "column" : "table", depth);
      out.println(start);
      if (hops.isEmpty()) {
        out.println("  (nothing " + direction() + ")");
        return;
      }
      printChildren(out, start, children, "", new HashSet<>(Set.of(start)), 0);
    }

    private void printChildren(PrintWriter out, String node, Map<String, List<LineageHop>> children, String indent,
        Set<String> path, int level) {
      List<LineageHop> kids = children.getOrDefault(node, List.of()).stream()
          .filter(h -> h.distance() == level + 1).toList();
      for (int i = 0; i < kids.size(); i++) {
        LineageHop hop = kids.get(i);
        boolean last = i == kids.size() - 1;
        out.printf("%s%s %s  [%s]%n", indent, last ? "└──" : "├──", hop.name(), String.join(", ", hop.files()));
        if (path.add(hop.name())) {
          printChildren(out, hop.name(), children, indent + (last ? "    " : "│   "), path, level + 1);
          path.remove(hop.name());
        }
      }
    }
  }

  @Command(name = "upstream", mixinStandardHelpOptions = true, description = "What feeds TABLE, hop by hop.")
  static final class Upstream extends Traversal {
    @Override
    String direction() {
      return "upstream";
    }

    @Override
    BiFunction<String, Integer, List<LineageHop>> query(LineageQueries queries) {
      return columns ? queries::upstreamColumns : queries::upstream;
    }
  }

  @Command(name = "downstream", mixinStandardHelpOptions = true, description = "What TABLE feeds: what breaks if it changes.")
  static final class Downstream extends Traversal {
    @Override
    String direction() {
      return "downstream";
    }

    @Override
    BiFunction<String, Integer, List<LineageHop>> query(LineageQueries queries) {
      return columns ? queries::downstreamColumns : queries::downstream;
    }
  }

  @Command(name = "files", mixinStandardHelpOptions = true, description = "The files that write and that read TABLE.")
  static final class Files implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Common common;

    @Parameters(index = "0", paramLabel = "TABLE")
    String table;

    @Override
    public Integer call() {
      String name = table.toLowerCase(Locale.ROOT);
      EnvReader env = common.connection.env();
      try (GraphConnection graph = GraphConnection.open(env, common.home(env))) {
        TableFiles files = new LineageQueries(graph.driver()).files(name);
        if (files.readers().isEmpty() && files.writers().isEmpty()) {
          throw new UserException("no table named '" + name + "' in the graph (" + graph.description() + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.format == Format.json) {
          ObjectNode root = Json.MAPPER.createObjectNode();
          root.put("table", name);
          files.writers().forEach(root.putArray("writers")::add);
          files.readers().forEach(root.putArray("readers")::add);
          out.println(root);
        } else {
          out.println(name);
          out.println("  written by: " + (files.writers().isEmpty() ? "(no file)" : String.join(", ", files.writers())));
          out.println("  read by:    " + (files.readers().isEmpty() ? "(no file)" : String.join(", ", files.readers())));
        }
        out.flush();
        return 0;
      }
    }
  }
}
