package io.github.lineage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.FlagState;
import io.github.lineage.core.flags.Flags;
import io.github.lineage.core.flags.FlagsFactory;
import io.github.lineage.core.flags.RenamedFlags;
import io.github.lineage.core.guard.RollbackLog;
import io.github.lineage.core.guard.RollbackRecord;
import io.github.lineage.core.guard.UnleashToggleSwitch;
import io.github.lineage.core.kafka.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "flags",
    mixinStandardHelpOptions = true,
    description = {
      "Show every feature flag: where its value comes from (env kill switch, Unleash, bootstrap file),",
      "its rollout percentage and whether it is on for this instance (per-file flags: for some files).",
      "Reads UNLEASH_URL, UNLEASH_API_TOKEN, UNLEASH_BOOTSTRAP_FILE and the FEATURE_* kill switches.",
      "A flag the guard switched off shows the rule, when and why (from $LINEAGE_HOME/guard/rollbacks.jsonl);",
      "`lineage flags enable FLAG` turns it back on (on the Unleash server with UNLEASH_ADMIN_TOKEN)."
    })
public final class FlagsCommand implements Callable<Integer> {

  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--instance-id",
      description = "Instance the per-instance flags are evaluated for (default: $HOSTNAME).")
  String instanceId;

  private final EnvReader env;

  public FlagsCommand() {
    this(EnvReader.system());
  }

  /** With the given environment instead of the process's (tests). */
  public FlagsCommand(EnvReader env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    String instance = instanceId != null ? instanceId : FlagsFactory.defaultInstanceId(env);
    List<FlagState> states;
    try (Flags flags = FlagsFactory.create(env, instance)) {
      states = flags.describe();
    }
    Map<String, RollbackRecord> rollbacks = RollbackLog.in(LineageHome.from(env)).inForce();
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(json(instance, states, rollbacks));
    } else {
      printTable(out, instance, states);
      rollbacks
          .values()
          .forEach(r -> out.printf("rolled back: %s by the guard, %s%n", r.flag(), r.reason()));
    }
    out.flush();
    return 0;
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = {
        "Turn FLAG back on after a rollback: enables the toggle on the Unleash server",
        "(UNLEASH_URL and UNLEASH_ADMIN_TOKEN) and marks the rollback as ended, which lifts the guard's",
        "override in a running `lineage local` with the same LINEAGE_HOME."
      })
  int enable(
      @Parameters(paramLabel = "FLAG", description = "a toggle name, e.g. lineage.parse-cache")
          String name) {
    Flag flag;
    try {
      flag = RenamedFlags.process().byToggleName(name, "lineage flags enable");
    } catch (IllegalArgumentException e) {
      throw new UserException("unknown flag '" + name + "' (see `lineage flags`)");
    }
    PrintWriter out = spec.commandLine().getOut();
    var unleash = UnleashToggleSwitch.from(env);
    if (unleash.isPresent()) {
      String toggle;
      try {
        toggle = unleash.get().enable(flag);
      } catch (IOException e) {
        throw new UserException(
            "cannot enable " + flag.toggleName() + " on the Unleash server: " + e.getMessage(), e);
      }
      out.printf(
          "%s enabled on the Unleash server (%s); instances follow within their fetch interval%n",
          toggle, unleash.get().environment());
    } else if (env.optional("UNLEASH_URL").isPresent()) {
      throw new UserException(
          "set "
              + UnleashToggleSwitch.ADMIN_TOKEN
              + " to enable "
              + flag.toggleName()
              + " on the Unleash server (or use the Unleash UI)");
    }
    RollbackLog log = RollbackLog.in(LineageHome.from(env));
    if (log.inForce(flag.toggleName()).isPresent()) {
      log.append(
          new RollbackRecord(
              flag.toggleName(),
              "-",
              "-",
              "-",
              0,
              0,
              RollbackLog.ENABLED,
              Instant.now(),
              instanceId != null ? instanceId : FlagsFactory.defaultInstanceId(env),
              unleash.isPresent()));
      out.printf("%s: rollback ended in %s%n", flag.toggleName(), log.file());
    }
    out.flush();
    return 0;
  }

  private static String json(
      String instance, List<FlagState> states, Map<String, RollbackRecord> rollbacks) {
    ObjectNode root = Json.MAPPER.createObjectNode().put("instanceId", instance);
    ArrayNode flags = root.putArray("flags");
    for (FlagState state : states) {
      flags
          .addObject()
          .put("flag", state.flag().toggleName())
          .put("envVar", state.flag().envVar())
          .put("stickiness", stickiness(state.flag()))
          .put("source", state.source().name())
          .put("rolloutPercent", state.rolloutPercent())
          .put("enabled", state.enabled());
      RollbackRecord rollback = rollbacks.get(state.flag().toggleName());
      if (rollback != null) {
        flags
            .get(flags.size() - 1)
            .withObject("/rollback")
            .put("rule", rollback.rule())
            .put("at", rollback.at().toString())
            .put("reason", rollback.reason())
            .put("unleashDisabled", rollback.unleashDisabled());
      }
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
