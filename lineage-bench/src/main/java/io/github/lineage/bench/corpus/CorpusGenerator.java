package io.github.lineage.bench.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic generator of a realistic synthetic SQL warehouse, for benchmarks and load tests.
 *
 * <p>The corpus is layered like a real repository: {@code ddl/} declares the base tables ({@code
 * raw.*}, {@code CREATE TABLE} with column lists), then {@code staging/} ({@code stg.*}), {@code
 * intermediate/} ({@code core.*}), {@code marts/} ({@code mart.*}) and {@code reports/} ({@code
 * rpt.*}). Every model file writes its own target from tables of lower layers only, so lineage
 * chains run from reports down to the base tables and every table read is written by some file or
 * declared by DDL. Files average about 60 lines (10 to 300) and mix CTAS with CTEs and joins,
 * INSERT … SELECT with and without column lists, views with window functions, MERGE, UPDATE … FROM,
 * DELETE, TRUNCATE and comments (some containing decoy SQL). Everything parses with JSqlParser 5.4.
 *
 * <p>The same seed always gives the same files, on any JVM ({@link Random} is specified).
 */
public final class CorpusGenerator {

  /** Share of files that are base-layer DDL. */
  private static final double DDL_SHARE = 0.08;

  /** Relative sizes of the model layers stg, core, mart, rpt. */
  private static final int[] LAYER_WEIGHTS = {35, 25, 25, 15};

  /** How many random lower tables are examined when looking for joinable sources. */
  private static final int CANDIDATE_SAMPLE = 24;

  private final long seed;

  public CorpusGenerator(long seed) {
    this.seed = seed;
  }

  /**
   * Generates {@code files} files, base DDL first, then each layer in order.
   *
   * @throws IllegalArgumentException if {@code files} is negative
   */
  public List<GeneratedFile> generate(int files) {
    if (files < 0) {
      throw new IllegalArgumentException("files must be >= 0: " + files);
    }
    Random rnd = new Random(seed);
    DdlWriter ddlWriter = new DdlWriter(rnd);
    ModelWriter modelWriter = new ModelWriter(rnd);
    List<List<TableDef>> layers = new ArrayList<>();
    for (int i = 0; i < Vocabulary.SCHEMAS.size(); i++) {
      layers.add(new ArrayList<>());
    }
    List<GeneratedFile> out = new ArrayList<>(files);
    int ddlFiles = files == 0 ? 0 : Math.max(1, (int) Math.round(files * DDL_SHARE));
    for (int i = 0; i < ddlFiles; i++) {
      String domain = Picks.one(rnd, Vocabulary.DOMAINS);
      DdlWriter.Written written = ddlWriter.write(domain, i);
      layers.get(0).addAll(written.tables());
      out.add(
          new GeneratedFile(
              String.format("ddl/%s/raw_%s_%04d.sql", domain, domain, i), written.content()));
    }
    int[] perLayer = split(files - ddlFiles);
    int index = ddlFiles;
    for (int layer = 1; layer < Vocabulary.SCHEMAS.size(); layer++) {
      for (int i = 0; i < perLayer[layer - 1]; i++, index++) {
        List<TableDef> sources = chooseSources(rnd, layers, layer);
        String domain =
            rnd.nextInt(10) < 7 ? sources.get(0).domain() : Picks.one(rnd, Vocabulary.DOMAINS);
        String noun = Picks.one(rnd, Vocabulary.NOUNS.get(layer));
        String local = String.format("%s_%s_%04d", domain, noun, index);
        String target = Vocabulary.SCHEMAS.get(layer) + "." + local;
        ModelWriter.Kind kind = chooseKind(rnd, layer);
        ModelWriter.Written written =
            modelWriter.write(target, domain, layer, sources, kind, Picks.lineBudget(rnd, 10, 300));
        layers.get(layer).add(written.target());
        out.add(
            new GeneratedFile(
                Vocabulary.FOLDERS.get(layer) + "/" + domain + "/" + local + ".sql",
                written.content()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * A stream of {@code count} saves as real editing produces, starting from {@code base}: a share
   * {@code repeatRatio} (exactly {@code round(count * repeatRatio)}) repeats content the corpus
   * already holds, half of them re-saves of a file's current content under its own path, half
   * copies of another file's current content under a new path; the rest change a file's content (a
   * column added, a join or filter changed, a comment edited) and never reproduce content the
   * corpus already holds. Depends only on the arguments, not on this generator's seed.
   *
   * @throws IllegalArgumentException if count is negative, repeatRatio is outside [0, 1], or base
   *     is empty while count is positive
   */
  public List<GeneratedFile> edits(
      List<GeneratedFile> base, int count, double repeatRatio, long seed) {
    return new EditStream(base, new Random(seed)).edits(count, repeatRatio);
  }

  /**
   * Writes the files under {@code dir}, creating folders as needed (UTF-8). A file that exists is
   * overwritten, so writing an edit stream in order leaves the corpus in its final state.
   */
  public static void writeTo(Path dir, List<GeneratedFile> files) {
    Path root = dir.toAbsolutePath().normalize();
    try {
      Set<Path> created = new HashSet<>();
      for (GeneratedFile f : files) {
        Path target = root.resolve(f.path()).normalize();
        if (!target.startsWith(root)) {
          throw new IllegalArgumentException("path escapes " + root + ": " + f.path());
        }
        Path parent = target.getParent();
        if (created.add(parent)) {
          Files.createDirectories(parent);
        }
        Files.writeString(target, f.content(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the corpus under " + root, e);
    }
  }

  private static int[] split(int files) {
    int total = 0;
    for (int w : LAYER_WEIGHTS) {
      total += w;
    }
    int[] counts = new int[LAYER_WEIGHTS.length];
    int assigned = 0;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = files * LAYER_WEIGHTS[i] / total;
      assigned += counts[i];
    }
    for (int i = 0; assigned < files; i = (i + 1) % counts.length) {
      counts[i]++;
      assigned++;
    }
    return counts;
  }

  private static ModelWriter.Kind chooseKind(Random rnd, int layer) {
    ModelWriter.Kind[] kinds = ModelWriter.Kind.values();
    // CTAS, VIEW, INSERT_WITH_COLUMNS, INSERT_WITHOUT_COLUMNS, MERGE, CTAS_THEN_UPDATE
    int i =
        layer == 4
            ? Picks.weighted(rnd, 30, 35, 15, 5, 10, 5)
            : Picks.weighted(rnd, 35, 20, 15, 5, 13, 12);
    return kinds[i];
  }

  /**
   * A primary source, usually from the layer just below, and up to three more from any lower layer
   * that share a key with it (so the join has an ON condition a data engineer would write).
   */
  private static List<TableDef> chooseSources(Random rnd, List<List<TableDef>> layers, int layer) {
    List<TableDef> below = layers.get(layer - 1);
    TableDef primary =
        !below.isEmpty() && rnd.nextInt(10) < 7
            ? Picks.one(rnd, below)
            : anyLower(rnd, layers, layer);
    List<TableDef> sources = new ArrayList<>(List.of(primary));
    int extra = Picks.weighted(rnd, 30, 40, 20, 10);
    for (int tries = 0; tries < CANDIDATE_SAMPLE && sources.size() <= extra; tries++) {
      TableDef candidate = anyLower(rnd, layers, layer);
      if (!sources.contains(candidate) && candidate.sharesKeyWith(primary)) {
        sources.add(candidate);
      }
    }
    return sources;
  }

  /** A uniformly chosen table of the layers below {@code layer}, without copying them. */
  private static TableDef anyLower(Random rnd, List<List<TableDef>> layers, int layer) {
    int total = 0;
    for (int l = 0; l < layer; l++) {
      total += layers.get(l).size();
    }
    int r = rnd.nextInt(total);
    for (int l = 0; ; l++) {
      if (r < layers.get(l).size()) {
        return layers.get(l).get(r);
      }
      r -= layers.get(l).size();
    }
  }
}
