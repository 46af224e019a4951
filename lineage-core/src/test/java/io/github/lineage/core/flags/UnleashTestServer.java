package io.github.lineage.core.flags;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real Unleash server the ITs run against, as {@code scripts/unleash.sh env} describes it
 * ({@code UNLEASH_TEST_URL}, {@code UNLEASH_TEST_ADMIN_TOKEN}, {@code UNLEASH_TEST_CLIENT_TOKEN}).
 * Unset on CI is a failure (CI provisions it); unset elsewhere skips the calling test class.
 */
public record UnleashTestServer(
    String url, String adminToken, String clientToken, UnleashAdmin admin) {

  private static final String HOW_TO =
      "start one with: scripts/unleash.sh start && eval \"$(scripts/unleash.sh env)\"";

  /** The configured server, with the {@code path} context field the flags are sticky on. */
  public static UnleashTestServer fromEnvironment() {
    String url = System.getenv("UNLEASH_TEST_URL");
    String adminToken = System.getenv("UNLEASH_TEST_ADMIN_TOKEN");
    String clientToken = System.getenv("UNLEASH_TEST_CLIENT_TOKEN");
    boolean configured = url != null && adminToken != null && clientToken != null;
    if (!configured && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(
          "UNLEASH_TEST_URL, UNLEASH_TEST_ADMIN_TOKEN and UNLEASH_TEST_CLIENT_TOKEN must be set on CI; "
              + HOW_TO);
    }
    assumeTrue(
        configured, "no Unleash server configured (UNLEASH_TEST_URL unset), skipping; " + HOW_TO);
    UnleashAdmin admin = new UnleashAdmin(url, adminToken);
    admin.ensurePathContextField();
    return new UnleashTestServer(url, adminToken, clientToken, admin);
  }
}
