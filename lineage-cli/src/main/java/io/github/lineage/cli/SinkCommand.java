package io.github.lineage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "sink", mixinStandardHelpOptions = true, description = "Run the graph-sink consumer alone.")
public final class SinkCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'sink' is not available in this build yet");
  }
}
