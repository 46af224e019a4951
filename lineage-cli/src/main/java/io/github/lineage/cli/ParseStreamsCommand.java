package io.github.lineage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "parse-streams", mixinStandardHelpOptions = true, description = "Run the parser-streams application alone.")
public final class ParseStreamsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'parse-streams' is not available in this build yet");
  }
}
