package io.github.lineage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Inspect and re-drive dead letters.")
public final class DlqCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'dlq' is not available in this build yet");
  }
}
