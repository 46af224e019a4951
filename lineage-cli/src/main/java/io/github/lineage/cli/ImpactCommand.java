package io.github.lineage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.lineage.api.ApiAddressFile;
import io.github.lineage.api.ApiClient;
import io.github.lineage.api.LineageReads;
import io.github.lineage.cli.impact.ChangeSet;
import io.github.lineage.cli.impact.DirectoryChanges;
import io.github.lineage.cli.impact.GitChanges;
import io.github.lineage.cli.impact.ImpactAnalysis;
import io.github.lineage.cli.impact.ImpactReport;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.config.Neo4jSettings;
import io.github.lineage.core.kafka.Json;
import io.github.lineage.sql.LineageEngine;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.neo4j.driver.Driver;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "impact",
    mixinStandardHelpOptions = true,
    description = {
      "What a change to SQL files does to lineage: two trees (--before DIR --after DIR) or a git range",
      "(--git BASE..HEAD, or BASE...HEAD from their merge base, in --repo). Both versions of every changed file",
      "are parsed with the engine; the report lists the edges added and removed, the tables and columns the change",
      "removes or renames, and every table and column downstream of what it writes: from the live graph when one",
      "answers (a running `lineage local`, --api URL, or Neo4j at NEO4J_URI), else from parsing the whole after-tree.",
      "",
      "Exit codes: 0 nothing downstream reads what the change removes; 3 something still does (fails a CI job);",
      "2 usage error."
    })
public final class ImpactCommand implements Callable<Integer> {

  enum Format {
    text,
    json,
    markdown
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(names = "--before", paramLabel = "DIR", description = "The tree before the change.")
  Path before;

  @Option(names = "--after", paramLabel = "DIR", description = "The tree after the change.")
  Path after;

  @Option(
      names = "--git",
      paramLabel = "BASE..HEAD",
      description = "A git range (BASE..HEAD, BASE...HEAD, or BASE for BASE..HEAD).")
  String range;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "With --git: the repository (default: the working directory).")
  Path repo;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description = "With --git: the watched directory inside --repo (default: --repo itself).")
  String root;

  @Option(
      names = "--source",
      description =
          "The watched root's name in the graph's file keys (source:path; default: the after tree's or --root's directory name).")
  String source;

  @Option(
      names = "--glob",
      defaultValue = "*.sql",
      description = "File name pattern (default ${DEFAULT-VALUE}).")
  String glob;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text, json or markdown (a pull-request comment; default ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--api",
      paramLabel = "URL",
      description = "Ask this lineage API (`lineage serve`) for the downstream graph.")
  URI api;

  @Option(
      names = "--offline",
      description = "Do not ask any live graph: parse the whole after-tree.")
  boolean offline;

  @Option(
      names = "--home",
      description =
          "Where a running `lineage local` left api.json (default: $LINEAGE_HOME, else .lineage/).")
  Path homeDir;

  @Override
  public Integer call() {
    boolean trees = before != null || after != null;
    if (trees == (range != null)) {
      throw new UserException("give either --before DIR --after DIR, or --git BASE..HEAD");
    }
    if (trees && (before == null || after == null)) {
      throw new UserException("--before and --after go together");
    }
    ChangeSet change =
        trees ? new DirectoryChanges(before, after, glob) : new GitChanges(repo, range, root, glob);
    String src = source != null ? source : change.defaultSource();
    if (src.isBlank() || src.contains(":")) {
      throw new UserException("--source must be non-blank and contain no ':', got '" + src + "'");
    }
    EnvReader env = connection.env();
    LineageHome home = homeDir != null ? new LineageHome(homeDir) : LineageHome.from(env);
    Driver driver = null;
    try (LineageEngine engine = LineageEngine.defaults()) {
      ImpactAnalysis.Live live = null;
      if (!offline) {
        Optional<URI> address =
            api != null
                ? Optional.of(api)
                : env.optional(Neo4jSettings.ENV_URI).isPresent()
                    ? Optional.empty()
                    : new ApiAddressFile(home).read();
        if (address.isPresent()) {
          live =
              new ImpactAnalysis.Live(new ApiClient(address.get()), "lineage API " + address.get());
        } else {
          driver = reachableNeo4j(env);
          if (driver != null) {
            live =
                new ImpactAnalysis.Live(
                    new LineageReads(driver, java.time.Duration.ofMinutes(5)),
                    "Neo4j " + Neo4jSettings.from(env).uri());
          }
        }
      }
      ImpactReport report = new ImpactAnalysis(engine).analyse(change, src, live);
      print(report);
      return report.exitCode();
    } finally {
      if (driver != null) {
        driver.close();
      }
    }
  }

  /** Neo4j at NEO4J_URI when something listens there; no embedded store is started for this. */
  private static Driver reachableNeo4j(EnvReader env) {
    Neo4jSettings settings = Neo4jSettings.from(env);
    Driver driver = Neo4jConnections.open(settings);
    try {
      driver.verifyConnectivity();
      return driver;
    } catch (AuthenticationException e) {
      driver.close();
      throw UserException.unreachable(
          "Neo4j at " + settings.uri() + " refused the credentials (NEO4J_USER/NEO4J_PASSWORD)");
    } catch (ServiceUnavailableException e) {
      driver.close();
      return null;
    }
  }

  private void print(ImpactReport report) {
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case json -> {
        try {
          out.println(Json.MAPPER.writeValueAsString(report));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
      case markdown -> report.printMarkdown(out);
      default -> report.printText(out);
    }
    out.flush();
  }
}
