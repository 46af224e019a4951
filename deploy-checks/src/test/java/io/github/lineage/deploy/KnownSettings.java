package io.github.lineage.deploy;

import io.github.lineage.core.config.KafkaClientConfig;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.config.Neo4jSettings;
import io.github.lineage.core.flags.Flag;
import io.github.lineage.core.flags.UnleashSettings;
import io.github.lineage.core.guard.Drill;
import io.github.lineage.core.guard.Guard;
import io.github.lineage.core.guard.GuardRules;
import io.github.lineage.core.guard.ProcessGuard;
import io.github.lineage.core.guard.UnleashToggleSwitch;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.metrics.OpsServer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Environment variables the services read: a deploy file setting any other one has a typo. */
final class KnownSettings {

  /** CLI subcommands a deployed container may run. */
  static final Set<String> SERVICE_COMMANDS = Set.of("watch", "parse-streams", "sink");

  /** Consumer group of each service command (parser: the Kafka Streams application.id). */
  static final java.util.Map<String, String> CONSUMER_GROUPS =
      java.util.Map.of("parse-streams", "lineage-parser", "sink", "lineage-sink");

  /**
   * The classes that read settings from the environment, each naming them as constants: {@code
   * ENV}, {@code ENV_*} or {@code *_ENV} fields, and every {@code UNLEASH_*} constant of the
   * Unleash classes. Taken from the classes, never copied, so a new setting is known here as soon
   * as a stage reads it.
   */
  private static final List<Class<?>> CONFIG_CLASSES =
      List.of(
          io.github.lineage.parser.ParserConfig.class,
          io.github.lineage.sink.SinkConfig.class,
          io.github.lineage.watcher.WatcherConfig.class,
          io.github.lineage.openlineage.OpenLineageSettings.class,
          io.github.lineage.api.ApiServer.class,
          io.github.lineage.core.config.IngestWorkers.class,
          io.github.lineage.core.kafka.RecordLimits.class,
          KafkaSettings.class,
          KafkaClientConfig.class,
          Neo4jSettings.class,
          TopicNames.class,
          LineageHome.class,
          OpsServer.class,
          UnleashSettings.class,
          UnleashToggleSwitch.class,
          GuardRules.class,
          ProcessGuard.class,
          Drill.class,
          Guard.class);

  /** JVM and C library settings, not read by the code itself. */
  private static final Set<String> RUNTIME =
      Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "MALLOC_ARENA_MAX");

  private KnownSettings() {}

  static boolean isRuntime(String name) {
    return RUNTIME.contains(name);
  }

  static Set<String> envNames() {
    Set<String> names = new TreeSet<>(RUNTIME);
    for (Class<?> type : CONFIG_CLASSES) {
      names.addAll(settingsOf(type));
    }
    for (Flag flag : Flag.values()) {
      names.add(flag.envVar());
      // Still read (with a warning) for teams that have not renamed it yet.
      flag.legacyEnvVar().ifPresent(names::add);
    }
    return names;
  }

  /** The setting names {@code type} defines as constants. */
  static Set<String> settingsOf(Class<?> type) {
    Set<String> names = new TreeSet<>();
    boolean unleash = type.getSimpleName().startsWith("Unleash");
    for (Field field : type.getFields()) {
      int modifiers = field.getModifiers();
      if (!Modifier.isStatic(modifiers)
          || !Modifier.isFinal(modifiers)
          || field.getType() != String.class) {
        continue;
      }
      String name = field.getName();
      String value;
      try {
        value = (String) field.get(null);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      boolean setting =
          name.equals("ENV")
              || name.startsWith("ENV_")
              || name.endsWith("_ENV")
              || unleash && value.startsWith("UNLEASH_");
      if (setting && value.matches("[A-Z][A-Z0-9_]+")) {
        names.add(value);
      }
    }
    return names;
  }

  /**
   * A setting the services read: one of {@link #envNames()}, or a {@code KAFKA_<PROPERTY>} client
   * setting whose property a Kafka client defines (a typo such as KAFKA_SECURITY_PROTOCL is not).
   */
  static boolean isKnown(String name) {
    return envNames().contains(name)
        || KafkaClientConfig.isClientProperty(name)
            && KafkaClientConfig.isKnown(KafkaClientConfig.propertyName(name));
  }
}
