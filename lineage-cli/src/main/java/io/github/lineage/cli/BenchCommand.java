package io.github.lineage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark baseline against optimised pipeline.")
public final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'bench' is not available in this build yet");
  }
}
