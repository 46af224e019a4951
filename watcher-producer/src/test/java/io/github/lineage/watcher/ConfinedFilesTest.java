package io.github.lineage.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedFilesTest {

  @TempDir Path temp;

  private Path root() throws IOException {
    return Files.createDirectories(temp.resolve("root")).toRealPath();
  }

  private static String read(ConfinedFiles files, String rel) throws IOException {
    try (ConfinedFiles.Opened opened = files.open(rel)) {
      ByteBuffer buffer = ByteBuffer.allocate(1024);
      opened.channel().read(buffer);
      buffer.flip();
      return StandardCharsets.UTF_8.decode(buffer).toString();
    }
  }

  @Test
  void shouldReadAFileUnderTheRootAndClassifyPathsWithoutFollowingLinks() throws IOException {
    Path root = root();
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("x.sql"), "secret");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/x.sql"), "ours");
    Files.createSymbolicLink(root.resolve("link"), outside);
    Files.createSymbolicLink(root.resolve("alias.sql"), root.resolve("sub/x.sql"));
    ConfinedFiles files = new ConfinedFiles(root);

    assertThat(read(files, "sub/x.sql")).isEqualTo("ours");
    assertThat(files.kind("sub/x.sql")).isEqualTo(ConfinedFiles.Kind.FILE);
    assertThat(files.kind("sub")).isEqualTo(ConfinedFiles.Kind.DIRECTORY);
    assertThat(files.kind("link")).isEqualTo(ConfinedFiles.Kind.SYMLINK);
    assertThat(files.kind("link/x.sql")).isEqualTo(ConfinedFiles.Kind.BEHIND_SYMLINK);
    assertThat(files.kind("nope.sql")).isEqualTo(ConfinedFiles.Kind.ABSENT);
    assertThatThrownBy(() -> files.open("link/x.sql"))
        .isInstanceOf(ConfinedFiles.LinkOnPathException.class);
    assertThatThrownBy(() -> files.open("alias.sql"))
        .isInstanceOf(ConfinedFiles.LinkOnPathException.class);
    assertThatThrownBy(() -> files.open("sub")).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> files.open("nope.sql")).isInstanceOf(NoSuchFileException.class);
  }

  /**
   * A directory swapped back and forth with a link to elsewhere while it is read: never the outside
   * bytes.
   */
  @Test
  void shouldNeverReadOutsideTheRootWhileADirectoryIsSwappedForALink() throws Exception {
    Path root = root();
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("x.sql"), "secret");
    ConfinedFiles files = new ConfinedFiles(root);
    Path sub = root.resolve("sub");
    AtomicBoolean stop = new AtomicBoolean();
    Thread swapper =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 3000 && !stop.get(); i++) {
                  Files.createDirectories(sub);
                  Files.writeString(sub.resolve("x.sql"), "ours");
                  deleteTree(sub);
                  Files.createSymbolicLink(sub, outside);
                  Files.delete(sub);
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    swapper.start();
    int ours = 0;
    int refused = 0;
    try {
      while (swapper.isAlive()) {
        try {
          String content = read(files, "sub/x.sql");
          assertThat(content).isNotEqualTo("secret");
          ours++;
        } catch (ConfinedFiles.LinkOnPathException e) {
          refused++;
        } catch (IOException e) {
          // absent at that moment
        }
      }
    } finally {
      stop.set(true);
      swapper.join();
    }
    assertThat(ours + refused).as("reads attempted while swapping").isPositive();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
