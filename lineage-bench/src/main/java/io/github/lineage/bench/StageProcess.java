package io.github.lineage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.core.kafka.Json;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the stage limits in a child JVM ({@code lineage bench --stages-only}) and reads its JSON
 * report back. A fresh process gets fresh embedded servers: a third in-process Kafka broker after
 * the two of the end-to-end runs was seen to reject an idempotent producer's first batch
 * (out-of-order sequence) on this machine, and the child's memory figures are its own.
 */
final class StageProcess {

  private static final String MAIN = "io.github.lineage.cli.LineageCli";

  private StageProcess() {}

  static StageBench.Result run(BenchSettings settings, Path dir) throws Exception {
    Files.createDirectories(dir);
    Path json = dir.resolve("stages.json");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-agentlib")
          && !arg.startsWith("-javaagent")
          && !arg.startsWith("-XX:StartFlightRecording")) {
        command.add(arg);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN);
    command.addAll(
        List.of(
            "bench",
            "--stages-only",
            "--files",
            Integer.toString(settings.files()),
            "--seed",
            Long.toString(settings.seed()),
            "--workers",
            Integer.toString(settings.workers()),
            "--debounce",
            String.format(Locale.ROOT, "%.3f", settings.debounceWindow().toMillis() / 1000.0),
            "--stall-timeout",
            Long.toString(settings.stallTimeout().toSeconds()),
            "--work-dir",
            dir.toString(),
            "--out",
            json.toString()));
    if (settings.scaling()) {
      command.add("--scaling");
    }
    Process child =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int exit = child.waitFor();
    if (exit != 0 || !Files.exists(json)) {
      throw new IllegalStateException("the stage-limit process exited with " + exit);
    }
    JsonNode stages = Json.MAPPER.readTree(json.toFile()).get("stages");
    if (stages == null || stages.isNull()) {
      throw new IllegalStateException("the stage-limit process wrote no stage figures");
    }
    return Json.MAPPER.treeToValue(stages, StageBench.Result.class);
  }
}
