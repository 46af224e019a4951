package io.github.lineage.bench;

import io.github.lineage.bench.corpus.CorpusGenerator;
import io.github.lineage.bench.corpus.GeneratedFile;
import io.github.lineage.sql.StatementSplitter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What every run of one benchmark works on: the corpus written in at once (the initial ingest) and
 * the stream of saves that follows it (re-saves, copies and real changes, as editing produces).
 * Generated once, so the baseline and the optimised run see exactly the same files.
 */
public record Workload(
    long seed,
    List<GeneratedFile> corpus,
    List<GeneratedFile> edits,
    double repeatRatio,
    int statements,
    long bytes) {

  public Workload {
    corpus = List.copyOf(corpus);
    edits = List.copyOf(edits);
  }

  public static Workload generate(int files, int editCount, double repeatRatio, long seed) {
    CorpusGenerator generator = new CorpusGenerator(seed);
    List<GeneratedFile> corpus = generator.generate(files);
    List<GeneratedFile> edits =
        corpus.isEmpty() ? List.of() : generator.edits(corpus, editCount, repeatRatio, seed + 1);
    StatementSplitter splitter = new StatementSplitter(false);
    int statements = 0;
    long bytes = 0;
    for (GeneratedFile f : corpus) {
      statements += splitter.split(f.content()).size();
      bytes += f.content().getBytes(StandardCharsets.UTF_8).length;
    }
    return new Workload(seed, corpus, edits, repeatRatio, statements, bytes);
  }

  public int files() {
    return corpus.size();
  }
}
