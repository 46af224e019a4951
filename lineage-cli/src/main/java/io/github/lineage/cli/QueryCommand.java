package io.github.lineage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "query", mixinStandardHelpOptions = true, description = "Ask the lineage graph.")
public final class QueryCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'query' is not available in this build yet");
  }
}
