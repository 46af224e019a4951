package io.github.lineage.core.flags;

import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import io.getunleash.UnleashException;
import io.getunleash.event.ClientFeaturesResponse;
import io.getunleash.event.FeatureSet;
import io.getunleash.event.UnleashReady;
import io.getunleash.event.UnleashSubscriber;
import io.getunleash.util.UnleashConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Flags} evaluated by the Unleash Java SDK against the last toggles it has: fetched from the
 * server, restored from its backup file, or the bootstrap file. A per-file flag is sticky on the
 * record key through the context property {@value #PATH_PROPERTY} (the stickiness the
 * flexibleRollout strategies name); a per-instance flag on the instance id.
 */
final class UnleashFlags implements Flags {

  /** The Unleash context field per-file flags are sticky on; it carries {@code source:path}. */
  static final String PATH_PROPERTY = "path";

  /** Also set on per-instance evaluations, for constraints on a particular instance. */
  static final String INSTANCE_PROPERTY = "instanceId";

  private static final Logger LOG = LoggerFactory.getLogger(UnleashFlags.class);
  private static final String OFFLINE_API = "http://127.0.0.1:1/api";
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The definitions the engine evaluates now, where they came from, and per flag (by ordinal) the
   * toggle evaluated for it: its own, or its old name while the definitions have only that.
   */
  private record Snapshot(ToggleDefinitions definitions, FlagState.Source source, String[] keys) {

    String key(Flag flag) {
      return keys[flag.ordinal()];
    }
  }

  private final DefaultUnleash unleash;
  private final KillSwitches killSwitches;
  private final UnleashContext instanceContext;
  private final Path privateBackupDir;
  private final EvaluationCache cache = new EvaluationCache();
  private final RenamedFlags renamed;
  private volatile Snapshot snapshot;
  private volatile boolean fetchFailing;
  private final java.util.concurrent.atomic.AtomicLong fetchFailures =
      new java.util.concurrent.atomic.AtomicLong();

  private UnleashFlags(
      UnleashSettings settings,
      KillSwitches killSwitches,
      String instanceId,
      BootstrapToggles bootstrap,
      Path backupFile,
      Path privateBackupDir,
      RenamedFlags renamed) {
    this.killSwitches = killSwitches;
    this.renamed = renamed;
    this.privateBackupDir = privateBackupDir;
    this.instanceContext =
        UnleashContext.builder()
            .userId(instanceId)
            .sessionId(instanceId)
            .addProperty(INSTANCE_PROPERTY, instanceId)
            .build();
    this.snapshot = initialSnapshot(settings, backupFile, bootstrap);

    UnleashConfig.Builder config =
        UnleashConfig.builder()
            .appName(settings.appName())
            .instanceId(instanceId)
            .backupFile(backupFile.toString())
            .toggleBootstrapProvider(bootstrap)
            .scheduledExecutor(new SdkExecutor("unleash-" + settings.appName()))
            .subscriber(
                new Subscriber("Unleash at " + settings.url().map(Object::toString).orElse("-")));
    if (settings.online()) {
      config
          .unleashAPI(settings.url().orElseThrow())
          .fetchTogglesInterval(settings.fetchInterval().toSeconds())
          .fetchTogglesConnectTimeout(HTTP_TIMEOUT)
          .fetchTogglesReadTimeout(HTTP_TIMEOUT)
          // The first fetch happens before the constructor returns, so a process starts with
          // the server's toggles when it is up; when it is not, with the backup or bootstrap.
          .synchronousFetchOnInitialisation(true)
          .startupExceptionHandler(
              e ->
                  LOG.warn(
                      "Unleash at {} not reachable at start ({}); using {} toggles",
                      settings.url().get(),
                      e.getMessage(),
                      snapshot.source()));
      settings.apiToken().ifPresent(config::apiKey);
    } else {
      // Never contacted: the SDK requires a URL even with polling and metrics off.
      config.unleashAPI(OFFLINE_API).disablePolling().disableMetrics();
    }
    this.unleash = new DefaultUnleash(config.build());
    LOG.info(
        "feature flags from {} ({} toggles{})",
        settings.online() ? settings.url().get() : bootstrap.origin(),
        snapshot.definitions().size(),
        settings.online() ? ", polled every " + settings.fetchInterval().toSeconds() + " s" : "");
  }

  static UnleashFlags online(
      UnleashSettings settings,
      KillSwitches killSwitches,
      String instanceId,
      BootstrapToggles bootstrap,
      RenamedFlags renamed) {
    Path backup = settings.backupFile();
    try {
      Files.createDirectories(backup.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new io.github.lineage.core.config.ConfigException(
          "cannot create the directory of the Unleash backup file "
              + backup
              + " ("
              + UnleashSettings.BACKUP_FILE
              + ")");
    }
    return new UnleashFlags(settings, killSwitches, instanceId, bootstrap, backup, null, renamed);
  }

  static UnleashFlags offline(
      UnleashSettings settings,
      KillSwitches killSwitches,
      String instanceId,
      BootstrapToggles bootstrap,
      RenamedFlags renamed) {
    // The SDK reads its backup file before the bootstrap; a private empty location makes sure
    // offline evaluation is exactly the bootstrap file, never toggles left by an earlier run.
    try {
      Path dir = Files.createTempDirectory("lineage-flags-");
      return new UnleashFlags(
          settings, killSwitches, instanceId, bootstrap, dir.resolve("backup.json"), dir, renamed);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot create a temporary directory for the flag client", e);
    }
  }

  private Snapshot initialSnapshot(
      UnleashSettings settings, Path backupFile, BootstrapToggles bootstrap) {
    if (settings.online() && Files.isRegularFile(backupFile)) {
      try {
        String json = Files.readString(backupFile, StandardCharsets.UTF_8);
        return snapshot(
            ToggleDefinitions.parse(json),
            FlagState.Source.UNLEASH,
            "the Unleash backup file " + backupFile);
      } catch (IOException | IllegalArgumentException e) {
        // The SDK would load nothing from a broken backup and skip the bootstrap: move it aside.
        Path aside = backupFile.resolveSibling(backupFile.getFileName() + ".corrupt");
        LOG.warn(
            "Unleash backup file {} is unusable ({}); moved to {}",
            backupFile,
            e.getMessage(),
            aside);
        try {
          Files.move(backupFile, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException moveFailed) {
          LOG.warn("cannot move {}: {}", backupFile, moveFailed.toString());
        }
      }
    }
    return snapshot(
        bootstrap.definitions(),
        FlagState.Source.BOOTSTRAP,
        "the flag bootstrap file " + bootstrap.origin());
  }

  private Snapshot snapshot(ToggleDefinitions definitions, FlagState.Source source, String origin) {
    String[] keys = new String[Flag.values().length];
    for (Flag flag : Flag.values()) {
      keys[flag.ordinal()] = renamed.toggleToEvaluate(flag, definitions::defines, origin);
    }
    return new Snapshot(definitions, source, keys);
  }

  @Override
  public boolean isEnabled(Flag flag, String fileKey) {
    Boolean forced = killSwitches.forcedOrNull(flag);
    if (forced != null) {
      return forced;
    }
    if (flag.stickiness() == Flag.Stickiness.INSTANCE) {
      return cache.get(flag, "", ignored -> evaluateForInstance(flag));
    }
    if (fileKey == null) {
      return onForSomeFiles(flag);
    }
    return cache.get(flag, fileKey, key -> evaluateForFile(flag, key));
  }

  private boolean evaluateForInstance(Flag flag) {
    return unleash.isEnabled(snapshot.key(flag), instanceContext, false);
  }

  private boolean evaluateForFile(Flag flag, String fileKey) {
    // sessionId too, so a strategy switched to "default" stickiness in the UI stays per file.
    UnleashContext context =
        UnleashContext.builder().sessionId(fileKey).addProperty(PATH_PROPERTY, fileKey).build();
    return unleash.isEnabled(snapshot.key(flag), context, false);
  }

  private boolean onForSomeFiles(Flag flag) {
    Snapshot current = snapshot;
    return current
        .definitions()
        .get(current.key(flag))
        .map(ToggleDefinitions.Toggle::onForSomeKeys)
        .orElse(false);
  }

  @Override
  public List<FlagState> describe() {
    Snapshot current = snapshot;
    List<FlagState> states = new ArrayList<>();
    for (Flag flag : Flag.values()) {
      states.add(stateOf(flag, current));
    }
    return states;
  }

  @Override
  public long fetchFailures() {
    return fetchFailures.get();
  }

  @Override
  public FlagState state(Flag flag) {
    return stateOf(flag, snapshot);
  }

  private FlagState stateOf(Flag flag, Snapshot current) {
    Optional<Boolean> forced = killSwitches.get(flag);
    if (forced.isPresent()) {
      return new FlagState(flag, FlagState.Source.ENV, forced.get() ? 100 : 0, forced.get());
    }
    Optional<ToggleDefinitions.Toggle> toggle = current.definitions().get(current.key(flag));
    if (toggle.isEmpty()) {
      // Unknown to the server: the SDK evaluates it as off.
      return new FlagState(flag, FlagState.Source.DEFAULT, -1, false);
    }
    boolean enabled =
        flag.stickiness() == Flag.Stickiness.INSTANCE
            ? isEnabled(flag)
            : toggle.get().onForSomeKeys();
    return new FlagState(flag, current.source(), toggle.get().rolloutPercent(), enabled);
  }

  @Override
  public void close() {
    unleash.shutdown();
    if (privateBackupDir != null) {
      try {
        Files.deleteIfExists(privateBackupDir.resolve("backup.json"));
        Files.deleteIfExists(privateBackupDir);
      } catch (IOException e) {
        LOG.debug("cannot delete {}: {}", privateBackupDir, e.toString());
      }
    }
  }

  /** Keeps {@link #snapshot} and the cache in step with what the engine was given. */
  private final class Subscriber implements UnleashSubscriber {

    private final String serverName;

    Subscriber(String serverName) {
      this.serverName = serverName;
    }

    // The SDK writes the backup right after the engine took the new toggles: from here on every
    // evaluation sees them, so cached answers from before can go.
    @Override
    public void featuresBackedUp(FeatureSet unused) {
      cache.invalidate();
    }

    @Override
    public void onReady(UnleashReady unused) {
      cache.invalidate();
    }

    @Override
    public void togglesFetched(ClientFeaturesResponse response) {
      // Also on every unchanged answer: should a backup write have failed, an answer cached from
      // the old toggles lives at most one more fetch interval.
      cache.invalidate();
      if (response.getStatus() == ClientFeaturesResponse.Status.UNAVAILABLE) {
        unavailable("HTTP " + response.getHttpStatusCode() + " from the server");
        return;
      }
      if (fetchFailing) {
        fetchFailing = false;
        LOG.info("Unleash reachable again");
      }
      if (response.getStatus() == ClientFeaturesResponse.Status.CHANGED) {
        response
            .getClientFeatures()
            .ifPresent(
                json -> {
                  try {
                    snapshot =
                        snapshot(
                            ToggleDefinitions.parse(json), FlagState.Source.UNLEASH, serverName);
                    // Answers computed meanwhile may have used the previous toggle keys.
                    cache.invalidate();
                    LOG.debug("fetched {} toggles from Unleash", snapshot.definitions().size());
                  } catch (IllegalArgumentException e) {
                    LOG.warn("Unleash sent toggles this client cannot read: {}", e.getMessage());
                  }
                });
      }
    }

    @Override
    public void onError(UnleashException e) {
      unavailable(e.getMessage());
    }

    // One warning when the server goes away, not one per poll; the last toggles stay in force.
    private void unavailable(String reason) {
      fetchFailures.incrementAndGet();
      if (!fetchFailing) {
        fetchFailing = true;
        LOG.warn("Unleash unavailable, keeping the last known toggles: {}", reason);
      } else {
        LOG.debug("Unleash still unavailable: {}", reason);
      }
    }
  }
}
