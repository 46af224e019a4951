package io.github.lineage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "local", mixinStandardHelpOptions = true, description = "Run the whole pipeline in one process on embedded Kafka and Neo4j.")
public final class LocalCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'local' is not available in this build yet");
  }
}
