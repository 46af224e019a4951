package io.github.lineage.bench;

import io.github.lineage.api.ApiServer;
import io.github.lineage.api.LineageReads;
import io.github.lineage.bench.corpus.CorpusGenerator;
import io.github.lineage.bench.corpus.GeneratedFile;
import io.github.lineage.core.model.FileLineage;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.local.EmbeddedNeo4j;
import io.github.lineage.sink.GraphCounts;
import io.github.lineage.sink.GraphMerge;
import io.github.lineage.sink.GraphMerge.KeyedDocument;
import io.github.lineage.sink.GraphSchema;
import io.github.lineage.sink.LineageQueries;
import io.github.lineage.sql.Catalog;
import io.github.lineage.sql.LineageEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * The read side's latency: a generated corpus (the benchmark's own generator) parsed by the engine
 * and written with the sink's statements into a fresh embedded Neo4j, then each endpoint of the
 * HTTP API asked over loopback, one request at a time, for names drawn from the graph: p50/p95/p99
 * per endpoint.
 */
public final class ApiBench {

  /** One endpoint's figures; {@code meanBytes} is the mean size of an answer. */
  public record Endpoint(String name, Latencies latencies, double meanBytes) {}

  public record Result(
      int files, GraphCounts graph, double buildSeconds, List<Endpoint> endpoints) {
    public void print(PrintWriter out) {
      out.printf(
          "API latency on a generated graph of %d files (%s), built in %.0f s%n",
          files, graph, buildSeconds);
      out.printf(
          "%-34s %7s %8s %8s %8s %8s %10s%n",
          "endpoint", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean KiB");
      for (Endpoint e : endpoints) {
        Latencies l = e.latencies();
        out.printf(
            "%-34s %7d %8.2f %8.2f %8.2f %8.2f %10.1f%n",
            e.name(), l.count(), l.p50Ms(), l.p95Ms(), l.p99Ms(), l.maxMs(), e.meanBytes() / 1024);
      }
      out.flush();
    }
  }

  private final int files;
  private final long seed;
  private final int requests;

  public ApiBench(int files, long seed, int requests) {
    this.files = files;
    this.seed = seed;
    this.requests = requests;
  }

  public Result run(PrintWriter progress) {
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.startTemporary();
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      long started = System.nanoTime();
      write(driver, progress);
      double buildSeconds = (System.nanoTime() - started) / 1e9;
      GraphCounts counts = new LineageQueries(driver).graphCounts();
      progress.printf(
          "api bench: graph of %d files built in %.0f s: %s%n", files, buildSeconds, counts);
      progress.flush();
      List<String> tables =
          sample(
              driver, "MATCH (t:Table) WHERE (t)-[:FEEDS]-() RETURN t.name AS name ORDER BY name");
      List<String> columns =
          sample(
              driver,
              "MATCH (c:Column) WHERE (c)-[:DERIVES]-() RETURN c.name AS name ORDER BY name");
      try (ApiServer server = ApiServer.start("127.0.0.1", 0, new LineageReads(driver), "bench")) {
        Map<String, Function<Random, String>> endpoints = new LinkedHashMap<>();
        endpoints.put(
            "upstream table depth 5", r -> "api/upstream?depth=5&name=" + pick(tables, r));
        endpoints.put(
            "downstream table depth 5", r -> "api/downstream?depth=5&name=" + pick(tables, r));
        endpoints.put(
            "upstream column depth 5",
            r -> "api/upstream?columns=true&depth=5&name=" + pick(columns, r));
        endpoints.put(
            "downstream table columns depth 3",
            r -> "api/downstream?columns=true&depth=3&name=" + pick(tables, r));
        endpoints.put("files of a table", r -> "api/files?table=" + pick(tables, r));
        endpoints.put(
            "search (3-char prefix)", r -> "api/search?q=" + enc(prefix(pick(tables, r))));
        endpoints.put("impact of a table (depth 20)", r -> "api/impact?name=" + pick(tables, r));
        List<Endpoint> results = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (Map.Entry<String, Function<Random, String>> e : endpoints.entrySet()) {
          results.add(measure(http, server.uri(), e.getKey(), e.getValue()));
          progress.printf("api bench: %s done%n", e.getKey());
          progress.flush();
        }
        return new Result(files, counts, buildSeconds, results);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Endpoint measure(
      HttpClient http, URI base, String name, Function<Random, String> request) {
    Random random = new Random(seed ^ name.hashCode());
    for (int i = 0; i < Math.min(50, requests); i++) {
      send(http, base.resolve(request.apply(random)));
    }
    List<Double> millis = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < requests; i++) {
      URI uri = base.resolve(request.apply(random));
      long t0 = System.nanoTime();
      bytes += send(http, uri);
      millis.add((System.nanoTime() - t0) / 1e6);
    }
    return new Endpoint(name, Latencies.of(millis), (double) bytes / requests);
  }

  private static int send(HttpClient http, URI uri) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            uri
                + " answered "
                + r.statusCode()
                + ": "
                + new String(r.body(), StandardCharsets.UTF_8));
      }
      return r.body().length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The corpus as the pipeline would write it: engine, documents, the sink's merge statements. */
  private void write(Driver driver, PrintWriter progress) {
    GraphSchema.ensure(driver);
    List<GeneratedFile> corpus = new CorpusGenerator(seed).generate(files);
    Instant now = Instant.now();
    try (LineageEngine engine = LineageEngine.defaults()) {
      Catalog.Builder ddl = Catalog.builder();
      corpus.forEach(f -> engine.learnDdl(f.content(), ddl));
      Catalog catalog = ddl.build();
      List<KeyedDocument> batch = new ArrayList<>();
      int written = 0;
      for (GeneratedFile f : corpus) {
        FileLineage lineage = engine.extract(f.path(), f.content(), catalog);
        String key = "bench:" + f.path();
        LineageDocument doc =
            new LineageDocument(
                LineageDocument.SCHEMA_VERSION,
                key,
                "bench",
                f.path(),
                lineage.sha256(),
                engine.version(),
                now,
                lineage.statements(),
                lineage.errors());
        batch.add(new KeyedDocument(key, doc));
        if (batch.size() == 200) {
          GraphMerge.write(driver, batch, now);
          written += batch.size();
          batch.clear();
          if (written % 2000 == 0) {
            progress.printf("api bench: %d of %d files written%n", written, files);
            progress.flush();
          }
        }
      }
      if (!batch.isEmpty()) {
        GraphMerge.write(driver, batch, now);
      }
    }
  }

  private static List<String> sample(Driver driver, String cypher) {
    List<String> names =
        driver.executableQuery(cypher).execute().records().stream()
            .map(r -> r.get("name").asString())
            .toList();
    if (names.isEmpty()) {
      throw new IllegalStateException("the generated graph has no edges: " + cypher);
    }
    return names;
  }

  private static String pick(List<String> names, Random random) {
    return enc(names.get(random.nextInt(names.size())));
  }

  private static String prefix(String encodedName) {
    String name = java.net.URLDecoder.decode(encodedName, StandardCharsets.UTF_8);
    return name.substring(0, Math.min(3, name.length()));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
