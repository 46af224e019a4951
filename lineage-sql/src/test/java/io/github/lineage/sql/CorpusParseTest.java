package io.github.lineage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.FileLineage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusParseTest {

  @TempDir Path dir;

  @Test
  void shouldGiveTheSameLineageInFileOrderOnManyThreadsAsOneFileAfterAnother() throws IOException {
    List<Path> files = new ArrayList<>();
    // the DDL comes last in file order: the catalog pass still knows it before any lineage
    for (int i = 0; i < 40; i++) {
      files.add(
          write(
              String.format("m%02d.sql", i),
              "CREATE TABLE mart.t"
                  + i
                  + " AS SELECT * FROM raw.src;\n"
                  + "INSERT INTO mart.u"
                  + i
                  + " SELECT id, amount * 2 AS amount FROM mart.t"
                  + i
                  + " WHERE id > 0;\n"));
    }
    files.add(write("z_ddl.sql", "CREATE TABLE raw.src (id INT, amount DECIMAL, region TEXT);"));

    List<Outcome> parallel = run(files, 4);
    List<Outcome> serial = run(files, 1);

    assertThat(parallel).extracting(Outcome::path).containsExactlyElementsOf(paths(files));
    assertThat(parallel).isEqualTo(serial);
    FileLineage first = parallel.get(0).lineage();
    assertThat(first.statements().get(0).columns())
        .extracting(ColumnEdge::target)
        .containsExactly("mart.t0.id", "mart.t0.amount", "mart.t0.region");
    try (LineageEngine engine = LineageEngine.defaults()) {
      Catalog.Builder corpus = Catalog.builder();
      for (Path f : files) {
        engine.learnDdl(Files.readString(f), corpus);
      }
      Catalog catalog = corpus.build();
      for (int i = 0; i < files.size(); i++) {
        Path f = files.get(i);
        assertThat(parallel.get(i).lineage())
            .as(f.toString())
            .isEqualTo(engine.extract(f.toString(), Files.readString(f), catalog));
      }
    }
  }

  @Test
  void shouldReportUnreadableFilesInTheirPlaceAndStillParseTheOthers() throws IOException {
    Path good = write("a.sql", "INSERT INTO t SELECT a FROM s;");
    Path binary = dir.resolve("b.sql");
    Files.write(binary, new byte[] {'S', 'E', 'L', 0, 1, 2});
    Path latin1 = dir.resolve("c.sql");
    Files.write(latin1, "SELECT 'caf\u00e9'".getBytes(StandardCharsets.ISO_8859_1));
    Path missing = dir.resolve("d.sql");
    Path last = write("e.sql", "INSERT INTO u SELECT b FROM t;");

    List<Outcome> out = run(List.of(good, binary, latin1, missing, last), 2);

    assertThat(out)
        .extracting(o -> o.path() + " " + (o.lineage() != null ? "parsed" : o.error()))
        .containsExactly(
            good + " parsed",
            binary + " binary file (contains NUL bytes)",
            latin1 + " not valid UTF-8 text (binary file?)",
            missing + " cannot read: " + missing,
            last + " parsed");
    assertThat(out.get(4).lineage().statements().get(0).sources()).containsExactly("t");
  }

  private List<Outcome> run(List<Path> files, int threads) {
    List<Outcome> out = new ArrayList<>();
    try (LineageEngine engine = LineageEngine.defaults();
        CorpusParse corpus = new CorpusParse(engine, threads)) {
      corpus.run(
          files,
          Path::toString,
          o ->
              o instanceof CorpusParse.Parsed p
                  ? new Outcome(p.file().toString(), p.lineage(), null)
                  : new Outcome(o.file().toString(), null, ((CorpusParse.Unreadable) o).reason()),
          out::add);
    }
    return out;
  }

  private static List<String> paths(List<Path> files) {
    return IntStream.range(0, files.size()).mapToObj(i -> files.get(i).toString()).toList();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private record Outcome(String path, FileLineage lineage, String error) {}
}
