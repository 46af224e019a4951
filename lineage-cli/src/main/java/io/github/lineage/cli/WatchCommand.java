package io.github.lineage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "watch", mixinStandardHelpOptions = true, description = "Run the watcher-producer alone.")
public final class WatchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'watch' is not available in this build yet");
  }
}
