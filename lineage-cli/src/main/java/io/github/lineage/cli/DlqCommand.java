package io.github.lineage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lineage dlq list|replay}: inspect and re-drive dead letters. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Inspect and re-drive dead letters (topic TOPIC_DLQ on KAFKA_BOOTSTRAP_SERVERS).",
    subcommands = {DlqCommand.ListLetters.class, DlqCommand.Replay.class})
public final class DlqCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say list or replay");
  }

  enum Format {
    text,
    json
  }

  /**
   * A dead letter as read back from the DLQ, with where it sits there; or why it could not be read.
   */
  record Letter(long dlqOffset, DeadLetter letter, String unreadable, boolean reference) {}

  /** Header on a replayed record: the DLQ offset of the letter it re-sends. */
  static final String H_REPLAY_OF = "lineage.replay.of";

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Show dead letters, oldest first: stage, reason, error, attempts, origin and key.")
  static final class ListLetters implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin ConnectionOptions connection;

    @Option(
        names = "--limit",
        defaultValue = "100",
        description = "Show at most N (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new UserException("--limit must be >= 1");
      }
      KafkaSettings kafka = KafkaSettings.from(connection.env());
      List<Letter> letters = readAll(kafka, limit);
      PrintWriter out = spec.commandLine().getOut();
      for (Letter l : letters) {
        if (l.unreadable() != null) {
          spec.commandLine()
              .getErr()
              .printf("lineage: dlq@%d cannot be read: %s%n", l.dlqOffset(), l.unreadable());
          continue;
        }
        out.println(format == Format.json ? json(l) : text(l));
      }
      if (format == Format.text) {
        out.printf("%d dead letter(s) shown from %s%n", letters.size(), kafka.topics().dlq());
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Re-send each dead letter's original key and value to its original topic.",
        "A letter is skipped when its original topic already holds a newer record of its key (a newer",
        "version, or an earlier replay of this letter), so running replay twice re-sends nothing twice."
      })
  static final class Replay implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin ConnectionOptions connection;

    @Option(
        names = "--stage",
        description = "Only dead letters of this stage: watcher, parser or sink.")
    String stage;

    @Option(names = "--dry-run", description = "Show what would be re-sent, send nothing.")
    boolean dryRun;

    @Option(names = "--key", description = "Only dead letters of this key (source:path).")
    String onlyKey;

    @Option(
        names = "--since",
        description =
            "Only dead letters written at or after this instant (ISO-8601, e.g. 2026-12-01T00:00:00Z).")
    String since;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json, one line per letter (default ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
      Predicate<DeadLetter> filter =
          stageFilter(stage).and(keyFilter(onlyKey)).and(sinceFilter(since));
      KafkaSettings kafka = KafkaSettings.from(connection.env());
      List<Letter> letters = readAll(kafka, Integer.MAX_VALUE);
      PrintWriter out = spec.commandLine().getOut();
      int sent = 0;
      int skipped = 0;
      int superseded = 0;
      int unreadable = 0;
      Map<String, Newest> newest = new java.util.HashMap<>();
      try (KafkaProducer<byte[], byte[]> producer = dryRun ? null : producer(kafka)) {
        for (Letter l : letters) {
          if (l.unreadable() != null) {
            report(out, l, "unreadable", l.unreadable());
            unreadable++;
            continue;
          }
          DeadLetter d = l.letter();
          if (!filter.test(d)) {
            continue;
          }
          if (d.originalTopic() == null) {
            // Rejected before it reached a topic (e.g. a binary file): fix the file, the watcher
            // re-sends it.
            report(out, l, "skip", "no original topic (" + d.reason() + ")");
            skipped++;
            continue;
          }
          if (l.reference()) {
            report(
                out,
                l,
                "skip",
                "the letter holds a reference, not the original value (" + d.reason() + ")");
            skipped++;
            continue;
          }
          Newest latest = newest.computeIfAbsent(d.originalTopic(), t -> Newest.read(kafka, t));
          if (latest.supersedes(d)) {
            report(out, l, "superseded", d.originalTopic() + " holds a newer record of this key");
            superseded++;
            continue;
          }
          report(out, l, dryRun ? "would send" : "send", d.originalTopic());
          if (!dryRun) {
            ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(d.originalTopic(), d.key(), d.value());
            record
                .headers()
                .add(H_REPLAY_OF, Long.toString(l.dlqOffset()).getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
          }
          sent++;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted while replaying");
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw KafkaCheck.failure(kafka, e.getCause() == null ? e : e.getCause());
      }
      if (format == Format.text) {
        out.printf(
            "%s %d dead letter(s), skipped %d, superseded %d, unreadable %d%n",
            dryRun ? "would replay" : "replayed", sent, skipped, superseded, unreadable);
      }
      out.flush();
      return 0;
    }

    private void report(PrintWriter out, Letter l, String action, String detail) {
      String key = l.letter() == null ? "(unreadable)" : key(l.letter());
      if (format == Format.json) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("dlqOffset", l.dlqOffset());
        node.put("action", action);
        node.put("key", key);
        node.put("detail", detail);
        out.println(node.toString());
      } else {
        out.printf("%-10s dlq@%d %s: %s%n", action, l.dlqOffset(), key, detail);
      }
    }
  }

  /**
   * The newest record of each key on one topic: its partition, offset and timestamp. A letter is
   * superseded when its topic holds a record of its key after the failed one (a later offset in the
   * same partition, or any record written after the letter, such as an earlier replay of it).
   */
  record Newest(Map<String, long[]> byKey) {

    static Newest read(KafkaSettings kafka, String topic) {
      Map<String, long[]> byKey = new java.util.HashMap<>();
      TopicScan.read(
          kafka,
          topic,
          Duration.ofMinutes(5),
          r -> {
            if (r.key() != null) {
              byKey.put(
                  new String(r.key(), StandardCharsets.UTF_8),
                  new long[] {r.partition(), r.offset(), r.timestamp()});
            }
          });
      return new Newest(byKey);
    }

    boolean supersedes(DeadLetter d) {
      long[] latest =
          d.key() == null ? null : byKey.get(new String(d.key(), StandardCharsets.UTF_8));
      if (latest == null) {
        return false;
      }
      boolean laterInPartition =
          latest[0] == d.originalPartition() && latest[1] > d.originalOffset();
      return laterInPartition || latest[2] > d.failedAt().toEpochMilli();
    }
  }

  static Predicate<DeadLetter> keyFilter(String key) {
    return key == null
        ? d -> true
        : d -> d.key() != null && key.equals(new String(d.key(), StandardCharsets.UTF_8));
  }

  static Predicate<DeadLetter> sinceFilter(String since) {
    if (since == null) {
      return d -> true;
    }
    try {
      java.time.Instant from = java.time.Instant.parse(since);
      return d -> !d.failedAt().isBefore(from);
    } catch (java.time.format.DateTimeParseException e) {
      throw new UserException(
          "--since must be an ISO-8601 instant such as 2026-12-01T00:00:00Z, got '" + since + "'");
    }
  }

  static Predicate<DeadLetter> stageFilter(String stage) {
    if (stage == null) {
      return d -> true;
    }
    try {
      DeadLetter.Stage wanted = DeadLetter.Stage.valueOf(stage.toUpperCase(Locale.ROOT));
      return d -> d.stage() == wanted;
    } catch (IllegalArgumentException e) {
      throw new UserException("--stage must be watcher, parser or sink, got '" + stage + "'");
    }
  }

  /**
   * Reads the DLQ from the beginning to its current end with assign + seek: no group, no commits.
   */
  static List<Letter> readAll(KafkaSettings kafka, int limit) {
    KafkaCheck.require(kafka);
    List<Letter> letters = new ArrayList<>();
    TopicScan.read(
        kafka,
        kafka.topics().dlq(),
        Duration.ofSeconds(60),
        seen -> seen < limit,
        r -> {
          var form = r.headers().lastHeader(DeadLetter.H_VALUE);
          boolean reference =
              form != null
                  && DeadLetter.VALUE_REFERENCE.equals(
                      new String(form.value(), StandardCharsets.UTF_8));
          try {
            letters.add(
                new Letter(
                    r.offset(),
                    DeadLetter.fromHeaders(r.headers(), r.key(), r.value()),
                    null,
                    reference));
          } catch (RuntimeException e) {
            // One malformed letter (a header written by hand or by another tool) is reported, never
            // fatal.
            letters.add(new Letter(r.offset(), null, String.valueOf(e.getMessage()), reference));
          }
        });
    return letters;
  }

  private static KafkaProducer<byte[], byte[]> producer(KafkaSettings kafka) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(props);
  }

  private static String key(DeadLetter d) {
    return d.key() == null ? "(no key)" : new String(d.key(), StandardCharsets.UTF_8);
  }

  private static String text(Letter l) {
    DeadLetter d = l.letter();
    String origin =
        d.originalTopic() == null
            ? "-"
            : d.originalTopic() + "-" + d.originalPartition() + "@" + d.originalOffset();
    String error =
        d.errorClass() == null
            ? ""
            : d.errorClass().substring(d.errorClass().lastIndexOf('.') + 1) + ": ";
    return String.format(
        "dlq@%d %-7s %-12s attempts=%d origin=%s key=%s error=%s%s",
        l.dlqOffset(),
        d.stage().name().toLowerCase(Locale.ROOT),
        d.reason(),
        d.attempts(),
        origin,
        key(d),
        error,
        d.errorMessage() == null ? "" : d.errorMessage());
  }

  private static String json(Letter l) {
    DeadLetter d = l.letter();
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("dlqOffset", l.dlqOffset());
    node.put("stage", d.stage().name().toLowerCase(Locale.ROOT));
    node.put("reason", d.reason());
    node.put("errorClass", d.errorClass());
    node.put("error", d.errorMessage());
    node.put("attempts", d.attempts());
    node.put("originalTopic", d.originalTopic());
    node.put("originalPartition", d.originalPartition());
    node.put("originalOffset", d.originalOffset());
    node.put("key", d.key() == null ? null : new String(d.key(), StandardCharsets.UTF_8));
    node.put("failedAt", d.failedAt().toString());
    node.put("valueBytes", d.value() == null ? 0 : d.value().length);
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
