package io.github.lineage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "parse", mixinStandardHelpOptions = true, description = "Extract lineage from SQL files offline (no Kafka).")
public final class ParseCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'parse' is not available in this build yet");
  }
}
