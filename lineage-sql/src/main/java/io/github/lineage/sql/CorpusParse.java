package io.github.lineage.sql;

import io.github.lineage.core.model.FileLineage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The lineage of a whole tree of files, as {@code lineage parse} reports it, on several threads and
 * with every statement parsed once. Two passes, as a corpus needs: the first learns the columns
 * every CREATE defines (so a {@code SELECT *} in one file expands with another file's DDL), the
 * second extracts each file's lineage with that catalog. The CREATE statements the first pass
 * parses are kept in a {@link ParseMemo} for the second. Files are parsed in parallel; the catalog
 * is learnt and the results are handed on in file order, so the output is the same whatever the
 * number of threads. At most a few files per thread are in flight, so memory does not grow with the
 * tree (beyond the bounded memo).
 */
public final class CorpusParse implements AutoCloseable {

  /** What became of one file. */
  public sealed interface Outcome permits Parsed, Unreadable {
    Path file();
  }

  /** A file's lineage. */
  public record Parsed(Path file, FileLineage lineage) implements Outcome {}

  /** A file that was not parsed: not UTF-8, binary, or unreadable; {@code reason} says which. */
  public record Unreadable(Path file, String reason) implements Outcome {}

  /**
   * Heap a kept tree takes per character of its statement (it holds the statement's tokens);
   * measured on the benchmark's corpus: 10,000 files kept ~9,000 CREATE trees in ~800 MiB.
   */
  private static final int TREE_BYTES_PER_CHAR = 20;

  /**
   * The share of the heap the kept trees may take: beyond it, the lineage pass parses the remaining
   * CREATE statements again, which costs time but never memory.
   */
  private static final int MEMO_HEAP_DIVISOR = 3;

  /** Files in flight per thread: enough to keep every thread busy while results wait in order. */
  private static final int IN_FLIGHT_PER_THREAD = 8;

  private final LineageEngine engine;
  private final ExecutorService workers;
  private final int inFlight;

  /**
   * @param threads how many files are parsed at once (e.g. the number of cores)
   */
  public CorpusParse(LineageEngine engine, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    this.engine = engine;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "corpus-parse-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.inFlight = threads * IN_FLIGHT_PER_THREAD;
  }

  /**
   * Parses {@code files} in two passes and hands each file's outcome, turned into an {@code R} by
   * {@code render} on a worker thread, to {@code consume} on the calling thread in the order of
   * {@code files}. {@code display} names a file in its lineage (the path as the user wrote it).
   */
  public <R> void run(
      List<Path> files,
      Function<Path, String> display,
      Function<Outcome, R> render,
      Consumer<R> consume) {
    ParseMemo memo =
        new ParseMemo(Runtime.getRuntime().maxMemory() / MEMO_HEAP_DIVISOR / TREE_BYTES_PER_CHAR);
    Catalog.Builder learnt = Catalog.builder();
    inOrder(
        files,
        f -> {
          Read read = read(f);
          if (read.content() != null) {
            engine.parseDdl(read.content(), memo);
          }
          return read;
        },
        read -> {
          if (read.content() != null) {
            engine.learnDdl(read.content(), learnt, memo);
          }
        });
    Catalog catalog = learnt.build();
    inOrder(
        files,
        f -> {
          Read read = read(f);
          Outcome outcome =
              read.content() != null
                  ? new Parsed(f, engine.extract(display.apply(f), read.content(), catalog, memo))
                  : read.problem();
          return render.apply(outcome);
        },
        consume);
  }

  /** A file's text, or ({@code content} null) why it has none. */
  private record Read(String content, Unreadable problem) {}

  private <T, R> void inOrder(List<T> items, Function<T, R> work, Consumer<R> consume) {
    Deque<Future<R>> pending = new ArrayDeque<>();
    int next = 0;
    try {
      while (next < items.size() || !pending.isEmpty()) {
        while (next < items.size() && pending.size() < inFlight) {
          T item = items.get(next++);
          pending.add(workers.submit(() -> work.apply(item)));
        }
        consume.accept(pending.poll().get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while parsing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pending.forEach(f -> f.cancel(true));
    }
  }

  /** The file's text, or why it has none (the reasons {@code lineage parse} prints). */
  private static Read read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return new Read(null, new Unreadable(file, "cannot read: " + e.getMessage()));
    }
    String content;
    try {
      content = decode(bytes);
    } catch (CharacterCodingException e) {
      return new Read(null, new Unreadable(file, "not valid UTF-8 text (binary file?)"));
    }
    if (content.indexOf('\0') >= 0) {
      return new Read(null, new Unreadable(file, "binary file (contains NUL bytes)"));
    }
    return new Read(content, null);
  }

  /** Strict UTF-8: a malformed byte is an error, never a replacement character. */
  public static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
