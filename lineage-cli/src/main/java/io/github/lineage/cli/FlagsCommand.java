package io.github.lineage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.FlagState;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.core.kafka.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "flags",
    mixinStandardHelpOptions = true,
    description = {
      "Show every feature flag: where its value comes from (env kill switch, Unleash, bootstrap file),",
      "its rollout percentage and whether it is on for this instance (per-file flags: for some files).",
      "Reads UNLEASH_URL, UNLEASH_API_TOKEN, UNLEASH_BOOTSTRAP_FILE and the FEATURE_* kill switches."
    })
public final class FlagsCommand implements Callable<Integer> {

  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--instance-id", description = "Instance the per-instance flags are evaluated for (default: $HOSTNAME).")
  String instanceId;

  private final EnvReader env;

  public FlagsCommand() {
    this(EnvReader.system());
  }

  FlagsCommand(EnvReader env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    String instance = instanceId != null ? instanceId : FlagsFactory.defaultInstanceId(env);
    List<FlagState> states;
    try (Flags flags = FlagsFactory.create(env, instance)) {
      states = flags.describe();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(json(instance, states));
    } else {
      printTable(out, instance, states);
    }
    out.flush();
    return 0;
  }

  private static String json(String instance, List<FlagState> states) {
    ObjectNode root = Json.MAPPER.createObjectNode().put("instanceId", instance);
    ArrayNode flags = root.putArray("flags");
    for (FlagState state : states) {
      flags.addObject()
          .put("flag", state.flag().toggleName())
          .put("envVar", state.flag().envVar())
          .put("stickiness", stickiness(state.flag()))
          .put("source", state.source().name())
          .put("rolloutPercent", state.rolloutPercent())
          .put("enabled", state.enabled());
    }
    return root.toString();
  }

  private static void printTable(PrintWriter out, String instance, List<FlagState> states) {
    String row = "%-20s %-9s %-8s %-9s %-6s %s%n";
    out.printf(row, "FLAG", "SOURCE", "ROLLOUT", "STICKY", "STATE", "KILL SWITCH");
    for (FlagState state : states) {
      out.printf(
          row,
          state.flag().toggleName(),
          state.source().name().toLowerCase(Locale.ROOT),
          state.rolloutPercent() < 0 ? "-" : state.rolloutPercent() + "%",
          stickiness(state.flag()),
          state.enabled() ? "on" : "off",
          state.flag().envVar());
    }
    out.printf("instance: %s%n", instance);
  }

  private static String stickiness(Flag flag) {
    return flag.stickiness() == Flag.Stickiness.FILE ? "path" : "instance";
  }
}
