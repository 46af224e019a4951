package io.github.lineage.bench;

import io.github.lineage.bench.corpus.CorpusGenerator;
import io.github.lineage.bench.corpus.GeneratedFile;
import io.github.lineage.core.config.KafkaSettings;
import io.github.lineage.core.config.LineageHome;
import io.github.lineage.core.config.Neo4jSettings;
import io.github.lineage.core.kafka.TopicNames;
import io.github.lineage.core.kafka.TopicProvisioner;
import io.github.lineage.core.kafka.Topics;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.ContentHash;
import io.github.lineage.local.EmbeddedKafka;
import io.github.lineage.local.EmbeddedNeo4j;
import io.github.lineage.parser.ParserConfig;
import io.github.lineage.sink.SinkConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Memory of the parser and sink stages as they run in production: each stage is its own process
 * ({@code lineage parse-streams}, {@code lineage sink}) with the container image's JVM options and
 * the heap a 512 MiB container gives it, against embedded Kafka and Neo4j that run in this process
 * (so their memory is not counted). The parser ingests {@code files} generated files, every one of
 * which then sits in its parse cache; the sink then writes {@code sinkFiles} of the parser's
 * documents at a given batch size. Peak RSS is the child's {@code VmHWM}, read from {@code /proc}
 * just before it is stopped.
 */
public final class MemoryBench {

  /** The image's {@code JAVA_TOOL_OPTIONS} (Dockerfile), the heap fixed at half of the limit. */
  static final List<String> CONTAINER_JVM_OPTIONS =
      List.of(
          "-XX:MaxMetaspaceSize=160m",
          "-XX:ReservedCodeCacheSize=64m",
          "-Xss512k",
          "-XX:+UseSerialGC",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djdk.nio.maxCachedBufferSize=262144",
          "-Dfile.encoding=UTF-8");

  /** The image's environment that shapes native memory (Dockerfile). */
  static final Map<String, String> CONTAINER_ENV = Map.of("MALLOC_ARENA_MAX", "2");

  /** The container limit the targets are stated for. */
  static final long LIMIT_BYTES = 512L * 1024 * 1024;

  private static final Pattern FILES_PROCESSED =
      Pattern.compile("^files_processed_total\\{[^}]*stage=\"(\\w+)\"[^}]*\\} ([0-9.eE+]+)$");
  private static final Pattern CACHE_ENTRIES =
      Pattern.compile("^parse_cache_entries(?:\\{[^}]*\\})? ([0-9.eE+]+)$");

  /** Starts a stage's process: the command for {@code lineage <subcommand>} with these options. */
  public interface StageCommand {
    List<String> command(List<String> jvmOptions, String subcommand);
  }

  /** One stage's process. */
  public record Figure(
      String stage,
      int files,
      String heap,
      Map<String, String> settings,
      double seconds,
      long peakRssBytes,
      long cacheEntries) {

    boolean withinLimit() {
      return peakRssBytes > 0 && peakRssBytes <= LIMIT_BYTES;
    }
  }

  public record Result(Figure parser, Figure sink) {

    public void print(PrintWriter out) {
      out.println("memory: each stage its own process, servers in the bench's process");
      for (Figure f : sink == null ? List.of(parser) : List.of(parser, sink)) {
        out.printf(
            Locale.ROOT,
            "  %-7s %,8d files  %5.0f s  heap %s  peak RSS %,d MiB  %s  %s%s%n",
            f.stage(),
            f.files(),
            f.seconds(),
            f.heap(),
            f.peakRssBytes() / (1024 * 1024),
            f.withinLimit() ? "within 512 MiB" : "OVER 512 MiB",
            f.settings(),
            f.cacheEntries() >= 0 ? "  parse cache " + f.cacheEntries() + " entries" : "");
      }
      out.flush();
    }
  }

  private final int files;
  private final int sinkFiles;
  private final int batchSize;
  private final long seed;
  private final String heap;
  private final List<String> extraJvmOptions;
  private final Path dir;
  private final Duration stallTimeout;
  private final StageCommand stageCommand;
  private final HttpClient http = HttpClient.newHttpClient();

  public MemoryBench(
      int files,
      int sinkFiles,
      int batchSize,
      long seed,
      String heap,
      List<String> extraJvmOptions,
      Path dir,
      Duration stallTimeout,
      StageCommand stageCommand) {
    if (files < 1 || sinkFiles < 0 || sinkFiles > files) {
      throw new IllegalArgumentException(
          "--files must be at least 1 and --memory-sink-files between 0 (no sink) and --files");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--memory-batch must be at least 1");
    }
    this.files = files;
    this.sinkFiles = sinkFiles;
    this.batchSize = batchSize;
    this.seed = seed;
    this.heap = heap;
    this.extraJvmOptions = List.copyOf(extraJvmOptions);
    this.dir = dir;
    this.stallTimeout = stallTimeout;
    this.stageCommand = stageCommand;
  }

  public Result run(PrintWriter progress) throws Exception {
    Files.createDirectories(dir);
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
        EmbeddedNeo4j neo4j = EmbeddedNeo4j.startTemporary()) {
      TopicNames topics =
          TopicNames.withPrefix("mem-" + UUID.randomUUID().toString().substring(0, 8) + ".");
      KafkaSettings settings =
          new KafkaSettings(kafka.bootstrapServers(), topics, Topics.DEFAULT_PARTITIONS, (short) 1);
      TopicProvisioner.ensureTopics(settings, Duration.ofSeconds(30));
      progress(progress, "memory: publishing %d generated files ...", files);
      publish(kafka.bootstrapServers(), topics.fileChanges());

      Map<String, String> common = new LinkedHashMap<>();
      common.put(KafkaSettings.ENV_BOOTSTRAP, kafka.bootstrapServers());
      common.put(TopicNames.ENV_FILE_CHANGES, topics.fileChanges());
      common.put(TopicNames.ENV_DOCUMENTS, topics.documents());
      common.put(TopicNames.ENV_DLQ, topics.dlq());

      progress(progress, "memory: parser process over %d files ...", files);
      Map<String, String> parserEnv = new LinkedHashMap<>(common);
      parserEnv.put(LineageHome.ENV, dir.resolve("parser-home").toString());
      Figure parser =
          measure(
              progress,
              "parser",
              "parse-streams",
              parserEnv,
              Map.of(
                  ParserConfig.ENV_CACHE_MAX_ENTRIES,
                  Long.toString(ParserConfig.DEFAULT_CACHE_MAX_ENTRIES)),
              files);
      progress(
          progress,
          "memory: parser peak RSS %d MiB, %d cache entries",
          parser.peakRssBytes() / (1024 * 1024),
          parser.cacheEntries());
      if (sinkFiles == 0) {
        return new Result(parser, null);
      }

      progress(
          progress, "memory: sink process over %d documents, batch %d ...", sinkFiles, batchSize);
      Map<String, String> sinkEnv = new LinkedHashMap<>(common);
      sinkEnv.put(LineageHome.ENV, dir.resolve("sink-home").toString());
      sinkEnv.put(Neo4jSettings.ENV_URI, neo4j.boltUri().toString());
      Figure sink =
          measure(
              progress,
              "sink",
              "sink",
              sinkEnv,
              Map.of(SinkConfig.ENV_BATCH_SIZE, Integer.toString(batchSize)),
              sinkFiles);
      progress(progress, "memory: sink peak RSS %d MiB", sink.peakRssBytes() / (1024 * 1024));
      return new Result(parser, sink);
    } finally {
      Benchmark.deleteTree(dir);
    }
  }

  private void publish(String bootstrap, String topic) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    List<GeneratedFile> corpus = new CorpusGenerator(seed).generate(files);
    Instant now = Instant.now();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (GeneratedFile f : corpus) {
        byte[] bytes = f.content().getBytes(StandardCharsets.UTF_8);
        ChangeEvent event =
            ChangeEvent.upsert(
                PipelineRun.SOURCE,
                f.path(),
                ContentHash.sha256(f.content()),
                bytes.length,
                now,
                f.content(),
                now);
        producer.send(
            new ProducerRecord<>(
                topic,
                event.key().getBytes(StandardCharsets.UTF_8),
                Topics.CHANGE_EVENT_SERDE.toBytes(event)));
      }
      producer.flush();
    }
  }

  /** Runs the stage's process until it has processed {@code target} files; its peak RSS. */
  private Figure measure(
      PrintWriter progress,
      String stage,
      String subcommand,
      Map<String, String> env,
      Map<String, String> settings,
      int target)
      throws Exception {
    int port = freePort();
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xmx" + heap);
    jvm.addAll(CONTAINER_JVM_OPTIONS);
    jvm.addAll(extraJvmOptions);
    ProcessBuilder builder = new ProcessBuilder(stageCommand.command(jvm, subcommand));
    builder
        .environment()
        .keySet()
        .removeIf(
            k -> k.startsWith("UNLEASH_") || k.startsWith("KAFKA_") || k.startsWith("NEO4J_"));
    builder.environment().putAll(CONTAINER_ENV);
    builder.environment().putAll(env);
    builder.environment().putAll(settings);
    builder.environment().put("METRICS_PORT", Integer.toString(port));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Path log = dir.resolve(stage + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    long started = System.nanoTime();
    Process child = builder.start();
    // A bench stopped with Ctrl-C must not leave a stage running against servers that are gone.
    Thread reaper = new Thread(child::destroyForcibly, "memory-bench-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      long lastProgress = System.nanoTime();
      double last = -1;
      long entries = -1;
      while (true) {
        if (!child.isAlive()) {
          throw new IllegalStateException(
              "the " + stage + " process exited with " + child.exitValue() + ":\n" + tail(log));
        }
        Scrape scrape = scrape(port, stage);
        double done = scrape.processed();
        entries = Math.max(entries, scrape.cacheEntries());
        if (done > last) {
          last = done;
          lastProgress = System.nanoTime();
        }
        if (done >= target) {
          break;
        }
        if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
          throw new IllegalStateException(
              stage
                  + " process stalled at "
                  + (long) done
                  + " of "
                  + target
                  + " files:\n"
                  + tail(log));
        }
        Thread.sleep(500);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long peak = peakRss(child.pid());
      nativeMemorySummary(child.pid(), jvm).ifPresent(summary -> progress(progress, "%s", summary));
      return new Figure(stage, target, heap, settings, seconds, peak, entries);
    } finally {
      child.destroy();
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  /** What a scrape of a stage's /metrics says: files processed, parse-cache entries (-1: none). */
  record Scrape(double processed, long cacheEntries) {

    static Scrape of(String body, String stage) {
      double done = 0;
      long entries = -1;
      for (String line : body.split("\n")) {
        Matcher m = FILES_PROCESSED.matcher(line);
        if (m.matches() && m.group(1).equals(stage)) {
          done += Double.parseDouble(m.group(2));
        }
        Matcher c = CACHE_ENTRIES.matcher(line);
        if (c.matches()) {
          entries = Math.max(entries, (long) Double.parseDouble(c.group(1)));
        }
      }
      return new Scrape(done, entries);
    }
  }

  /** The stage's own /metrics; files processed -1 while it is not up. */
  private Scrape scrape(int port, String stage) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return Scrape.of(response.body(), stage);
    } catch (IOException e) {
      return new Scrape(-1, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Scrape(-1, -1);
    }
  }

  /** {@code VmHWM} of a live process: its resident set's high-water mark since start. */
  static long peakRss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /**
   * With {@code -XX:NativeMemoryTracking} among the options, the JVM's own account of where the
   * process's memory is (heap, metaspace, code cache, compiler arenas, threads, other native),
   * taken at the same moment as the peak: what an RSS over the limit is made of.
   */
  private static Optional<String> nativeMemorySummary(long pid, List<String> jvm) {
    if (jvm.stream().noneMatch(o -> o.startsWith("-XX:NativeMemoryTracking="))) {
      return Optional.empty();
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return Optional.of(out);
    } catch (IOException e) {
      return Optional.of("native memory summary unavailable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static void progress(PrintWriter out, String format, Object... args) {
    out.println("bench: " + String.format(Locale.ROOT, format, args));
    out.flush();
  }
}
