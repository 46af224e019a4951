package io.github.lineage.core.guard;

import io.github.lineage.core.config.ConfigException;
import java.net.URI;

/** Validates {@code LINEAGE_GUARD_WEBHOOK} at start-up. */
final class GuardRulesWebhook {

  private GuardRulesWebhook() {}

  static URI parse(String raw) {
    try {
      URI uri = URI.create(raw.trim());
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Guard.WEBHOOK_ENV + " must be an http(s) URL, got '" + raw + "'");
    }
  }
}
