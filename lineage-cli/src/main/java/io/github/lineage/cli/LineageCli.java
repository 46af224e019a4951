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
    footer = {"", ExitCodes.HELP})
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
    // Registered here, not in @Command: picocli reflects on every subcommand's methods, and those
    // of `local` and `bench` name classes the service build does not carry.
    boolean embedded = Build.hasEmbeddedServers();
    addOrExplain(cli, embedded, "local", "io.github.lineage.cli.LocalCommand");
    cli.addSubcommand(new WatchCommand());
    cli.addSubcommand(new ParseStreamsCommand());
    cli.addSubcommand(new SinkCommand());
    cli.addSubcommand(new RebuildCommand());
    cli.addSubcommand(new ParseCommand());
    cli.addSubcommand(new QueryCommand());
    cli.addSubcommand(new ServeCommand());
    cli.addSubcommand(new ImpactCommand());
    cli.addSubcommand(new FlagsCommand());
    cli.addSubcommand(new DlqCommand());
    addOrExplain(
        cli, embedded && Build.hasBenchmark(), "bench", "io.github.lineage.cli.BenchCommand");
    cli.addSubcommand(new CommandLine.HelpCommand());
    cli.setExecutionExceptionHandler(LineageCli::handleError);
    return cli;
  }

  /** By class name: even linking those classes needs what the service build leaves out. */
  private static void addOrExplain(
      CommandLine cli, boolean available, String name, String commandClass) {
    if (available) {
      try {
        cli.addSubcommand(name, Class.forName(commandClass).getDeclaredConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create the " + name + " command", e);
      }
      return;
    }
    CommandLine.Model.CommandSpec missing =
        CommandLine.Model.CommandSpec.wrapWithoutInspection(
            (Callable<Integer>)
                () -> {
                  throw new UserException("`lineage " + name + "`: " + Build.SERVICE_BUILD_MESSAGE);
                });
    missing.name(name);
    missing.usageMessage().hidden(true);
    missing.parser().unmatchedArgumentsAllowed(true);
    cli.addSubcommand(name, new CommandLine(missing));
  }

  /** A user mistake, a wrong setting or an unreachable server is one clear line, never a trace. */
  private static int handleError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    if (e instanceof UserException user) {
      cli.getErr().println("lineage: " + e.getMessage());
      return user.exitCode();
    }
    if (e instanceof ConfigException) {
      cli.getErr().println("lineage: " + e.getMessage());
      return ExitCodes.CONFIG;
    }
    cli.getErr().println("lineage: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    if (System.getenv("LINEAGE_DEBUG") != null) {
      e.printStackTrace(cli.getErr());
    }
    return ExitCodes.FAILURE;
  }

  /** A bare {@code lineage} is a usage error: the usage goes to stderr and the exit code is 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
