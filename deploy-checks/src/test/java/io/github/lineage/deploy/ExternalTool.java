package io.github.lineage.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool the checks run (kubectl, promtool). Missing on a developer machine: the test
 * is skipped; missing in CI ({@code CI=true}): the test fails, so a green CI run really ran it.
 */
record ExternalTool(String name, Path executable) {

  record Result(int exitCode, String output) {}

  static ExternalTool require(String name, String installHint) {
    Optional<Path> found = onPath(name);
    if (found.isPresent()) {
      return new ExternalTool(name, found.get());
    }
    String message = name + " not found on PATH; " + installHint;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message + " (skipped outside CI)");
    throw new IllegalStateException("unreachable");
  }

  static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Runs the tool in the repository root; stdout and stderr merged. */
  Result run(String... args) {
    return run(Map.of(), args);
  }

  Result run(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    return exec(command, env, Duration.ofMinutes(2));
  }

  static Result exec(List<String> command, Map<String, String> env, Duration timeout) {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(RepoFiles.root().toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Path log = Files.createTempFile("deploy-checks-", ".log");
      builder.redirectOutput(log.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within " + timeout);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }
}
