package io.github.lineage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "flags", mixinStandardHelpOptions = true, description = "Show every feature flag and its effective state.")
public final class FlagsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'flags' is not available in this build yet");
  }
}
