package io.github.lineage.core.flags;

import io.github.lineage.core.config.EnvReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Builds the process's {@link Flags} from the environment: online from the Unleash server at {@code
 * UNLEASH_URL} (polled every {@code UNLEASH_FETCH_INTERVAL_SECONDS}), otherwise offline from {@code
 * UNLEASH_BOOTSTRAP_FILE} or the shipped {@code flags/bootstrap.json}; the {@code FEATURE_*} kill
 * switches win over both. Every setting is validated here, so a bad value fails at start-up with a
 * {@link io.github.lineage.core.config.ConfigException} naming it.
 */
public final class FlagsFactory {

  private FlagsFactory() {}

  /**
   * @param instanceId what per-instance flags are sticky on (a pod name, a host name); use {@link
   *     #defaultInstanceId(EnvReader)} when the caller has no better one
   */
  public static Flags create(EnvReader env, String instanceId) {
    return create(env, instanceId, RenamedFlags.process());
  }

  /** As {@link #create(EnvReader, String)}, with old flag names warned about to {@code renamed}. */
  static Flags create(EnvReader env, String instanceId, RenamedFlags renamed) {
    if (instanceId == null || instanceId.isBlank()) {
      throw new IllegalArgumentException("instanceId must not be blank");
    }
    KillSwitches killSwitches = KillSwitches.from(env, renamed);
    UnleashSettings settings = UnleashSettings.from(env);
    BootstrapToggles bootstrap =
        settings
            .bootstrapFile()
            .map(BootstrapToggles::fromFile)
            .orElseGet(BootstrapToggles::shipped);
    return settings.online()
        ? UnleashFlags.online(settings, killSwitches, instanceId, bootstrap, renamed)
        : UnleashFlags.offline(settings, killSwitches, instanceId, bootstrap, renamed);
  }

  /** {@link #create(EnvReader, String)} with {@link #defaultInstanceId(EnvReader)}. */
  public static Flags create(EnvReader env) {
    return create(env, defaultInstanceId(env));
  }

  /**
   * {@code HOSTNAME} (the pod name on Kubernetes, the container id in compose), else the local host
   * name; the same across restarts of one pod, so a per-instance rollout does not flap.
   */
  public static String defaultInstanceId(EnvReader env) {
    return env.optional("HOSTNAME")
        .orElseGet(
            () -> {
              try {
                return InetAddress.getLocalHost().getHostName();
              } catch (UnknownHostException e) {
                return "pid-" + ManagementFactory.getRuntimeMXBean().getPid();
              }
            });
  }
}
