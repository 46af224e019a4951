package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lineage.core.config.EnvReader;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.guard.RollbackLog;
import io.github.lineage.core.guard.RollbackRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FlagsCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    CommandLine cli = new CommandLine(new FlagsCommand(new EnvReader(env)));
    cli.setExecutionExceptionHandler(LineageCli.newCommandLine().getExecutionExceptionHandler());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void shouldListEveryFlagFromTheShippedBootstrapAsText() {
    Run r = run(Map.of("FEATURE_NEO4J_BATCH", "false"), "--instance-id", "sink-0");
    assertThat(r.exit).isZero();
    assertThat(r.out.lines())
        .containsExactly(
            "FLAG                 SOURCE    ROLLOUT  STICKY    STATE  KILL SWITCH",
            "lineage.parse-cache  bootstrap 100%     path      on     FEATURE_PARSE_CACHE",
            "lineage.debounce     bootstrap 100%     path      on     FEATURE_DEBOUNCE",
            "lineage.neo4j-batch  env       0%       path      off    FEATURE_NEO4J_BATCH",
            "lineage.parallel     bootstrap 100%     instance  on     FEATURE_PARALLEL",
            "lineage.metrics      bootstrap 100%     instance  on     FEATURE_METRICS",
            "instance: sink-0");
  }

  @Test
  void shouldPrintSourceRolloutAndStateAsJson() throws Exception {
    Path bootstrap =
        Files.writeString(
            dir.resolve("flags.json"),
            """
        {"version": 2, "features": [
          {"name": "lineage.parse-cache", "enabled": true, "strategies": [
            {"name": "flexibleRollout", "parameters": {"rollout": "25", "stickiness": "path", "groupId": "lineage.parse-cache"}}]},
          {"name": "lineage.metrics", "enabled": false, "strategies": [
            {"name": "flexibleRollout", "parameters": {"rollout": "100", "stickiness": "default", "groupId": "lineage.metrics"}}]}
        ]}""");
    Run r =
        run(
            Map.of("UNLEASH_BOOTSTRAP_FILE", bootstrap.toString(), "FEATURE_PARALLEL", "true"),
            "--format",
            "json",
            "--instance-id",
            "parser-1");
    assertThat(r.exit).isZero();
    JsonNode root = JSON.readTree(r.out);
    assertThat(root.path("instanceId").asText()).isEqualTo("parser-1");
    JsonNode flags = root.path("flags");
    assertThat(flags).hasSize(5);
    assertThat(flags.get(0).toString())
        .isEqualTo(
            "{\"flag\":\"lineage.parse-cache\",\"envVar\":\"FEATURE_PARSE_CACHE\",\"stickiness\":\"path\","
                + "\"source\":\"BOOTSTRAP\",\"rolloutPercent\":25,\"enabled\":true}");
    assertThat(flags.get(1).path("source").asText()).as("not in the file").isEqualTo("DEFAULT");
    assertThat(flags.get(1).path("enabled").asBoolean()).isFalse();
    assertThat(flags.get(3).path("source").asText()).isEqualTo("ENV");
    assertThat(flags.get(3).path("enabled").asBoolean()).isTrue();
    assertThat(flags.get(4).path("source").asText()).isEqualTo("BOOTSTRAP");
    assertThat(flags.get(4).path("enabled").asBoolean()).as("toggle disabled").isFalse();
  }

  @Test
  void shouldFailWithOneLineOnAnInvalidKillSwitch() {
    Run r = run(Map.of("FEATURE_DEBOUNCE", "sometimes"));
    assertThat(r.exit).isEqualTo(ExitCodes.CONFIG);
    assertThat(r.out).isEmpty();
    assertThat(r.err.strip())
        .isEqualTo("lineage: FEATURE_DEBOUNCE must be true or false, got 'sometimes'");
  }

  @Test
  void shouldFailWithOneLineOnAMissingBootstrapFile() {
    Run r = run(Map.of("UNLEASH_BOOTSTRAP_FILE", dir.resolve("missing.json").toString()));
    assertThat(r.exit).isEqualTo(ExitCodes.CONFIG);
    assertThat(r.err.lines()).hasSize(1);
    assertThat(r.err).contains("UNLEASH_BOOTSTRAP_FILE").contains("missing.json");
  }

  @Test
  void shouldBeWiredIntoTheLineageCommand() {
    CommandLine cli = LineageCli.newCommandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("flags", "--help")).isZero();
    assertThat(out.toString()).contains("--format").contains("kill switch");
  }

  @Test
  void shouldShowWhichRuleRolledAFlagBackAndEndItOnEnable() throws Exception {
    Path home = dir.resolve("home");
    RollbackLog log = RollbackLog.in(new LineageHome(home));
    log.append(
        new RollbackRecord(
            "lineage.parse-cache",
            "parse-cache-lineage-mismatch",
            "lineage_mismatch",
            "cohort",
            0.25,
            0.0,
            "disable_flag",
            Instant.parse("2026-12-03T12:00:00Z"),
            "parser-0",
            true));
    Map<String, String> env = Map.of("LINEAGE_HOME", home.toString());
    Run shown = run(env);
    assertThat(shown.out)
        .contains(
            "rolled back: lineage.parse-cache by the guard, rule parse-cache-lineage-mismatch: "
                + "lineage_mismatch (cohort) 0.2500 > 0.0000 at 2026-12-03T12:00:00Z on parser-0");
    JsonNode json = JSON.readTree(run(env, "--format", "json").out);
    assertThat(json.path("flags").get(0).path("rollback").path("rule").asText())
        .isEqualTo("parse-cache-lineage-mismatch");

    Run enabled = run(env, "enable", "lineage.parse-cache");
    assertThat(enabled.exit).isZero();
    assertThat(log.inForce()).isEmpty();
    assertThat(run(env).out).doesNotContain("rolled back");
  }

  @Test
  void shouldTakeTheDebounceFlagsOldNamesForKillSwitchAndEnable() throws Exception {
    Path home = dir.resolve("home");
    Run killed = run(Map.of("FEATURE_BATCHING", "false", "LINEAGE_HOME", home.toString()));
    assertThat(killed.exit).isZero();
    assertThat(killed.out.lines())
        .contains("lineage.debounce     env       0%       path      off    FEATURE_DEBOUNCE");

    RollbackLog log = RollbackLog.in(new LineageHome(home));
    log.append(
        new RollbackRecord(
            "lineage.batching",
            "batching-failures",
            "failure_rate",
            "cohort",
            0.2,
            0.05,
            "disable_flag",
            Instant.parse("2026-12-03T12:00:00Z"),
            "parser-0",
            false));
    JsonNode json =
        JSON.readTree(run(Map.of("LINEAGE_HOME", home.toString()), "--format", "json").out);
    assertThat(json.path("flags").get(1).path("flag").asText()).isEqualTo("lineage.debounce");
    assertThat(json.path("flags").get(1).path("rollback").path("rule").asText())
        .isEqualTo("batching-failures");

    Run enabled = run(Map.of("LINEAGE_HOME", home.toString()), "enable", "lineage.batching");
    assertThat(enabled.exit).isZero();
    assertThat(enabled.out).contains("lineage.debounce: rollback ended");
    assertThat(log.inForce()).isEmpty();
  }

  @Test
  void shouldRefuseToEnableOnTheServerWithoutAnAdminTokenOrAnUnknownFlag() {
    Run noToken =
        run(
            Map.of("UNLEASH_URL", "http://127.0.0.1:1/api", "LINEAGE_HOME", dir.toString()),
            "enable",
            "lineage.parse-cache");
    assertThat(noToken.exit).isEqualTo(2);
    assertThat(noToken.err).contains("UNLEASH_ADMIN_TOKEN");
    Run unknown = run(Map.of("LINEAGE_HOME", dir.toString()), "enable", "lineage.nope");
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.err).contains("unknown flag 'lineage.nope'");
  }
}
