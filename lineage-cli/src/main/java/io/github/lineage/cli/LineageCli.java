package io.github.lineage.cli;

import io.github.lineage.core.config.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lineage} command: one runnable jar, one subcommand per job. */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps a Neo4j lineage graph of a SQL codebase current, through Kafka.",
    subcommands = {
      LocalCommand.class,
      WatchCommand.class,
      ParseStreamsCommand.class,
      SinkCommand.class,
      ParseCommand.class,
      QueryCommand.class,
      ServeCommand.class,
      ImpactCommand.class,
      FlagsCommand.class,
      DlqCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LineageCli implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    io.github.lineage.api.ApiServer.noDelay();
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code; used by tests in-process. */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new LineageCli());
    cli.setExecutionExceptionHandler(LineageCli::handleError);
    return cli;
  }

  /** A user mistake or an unreachable server is one clear line and exit code 2, never a trace. */
  private static int handleError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    if (e instanceof ConfigException || e instanceof UserException) {
      cli.getErr().println("lineage: " + e.getMessage());
      return 2;
    }
    cli.getErr().println("lineage: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    if (System.getenv("LINEAGE_DEBUG") != null) {
      e.printStackTrace(cli.getErr());
    }
    return 1;
  }

  /** A bare {@code lineage} is a usage error: the usage goes to stderr and the exit code is 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
