package io.github.lineage.cli.impact;

import io.github.lineage.cli.UserException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code git} binary, run without a shell (arguments are never parsed as a command line) and
 * without prompts; a failure is one line naming the git command and what it said.
 */
final class Git {

  private final Path dir;

  Git(Path dir) {
    this.dir = dir;
  }

  String text(String... args) {
    return new String(run(null, args), StandardCharsets.UTF_8).strip();
  }

  byte[] run(byte[] input, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UserException("cannot run git (is it installed?): " + e.getMessage());
    }
    try {
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      CompletableFuture<Void> in =
          CompletableFuture.runAsync(
              () -> {
                try (OutputStream out = process.getOutputStream()) {
                  if (input != null) {
                    out.write(input);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      byte[] out = readAll(process.getInputStream());
      int code = process.waitFor();
      in.join();
      if (code != 0) {
        String message =
            new String(err.join(), StandardCharsets.UTF_8)
                .strip()
                .lines()
                .findFirst()
                .orElse("exit " + code);
        throw new UserException("git " + args[0] + " failed: " + message);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new UserException("interrupted while running git");
    }
  }

  /**
   * The contents of many blobs in one {@code git cat-file --batch}: {@code rev:path} → bytes (a
   * missing object is left out).
   */
  Map<String, byte[]> blobs(List<String> objects) {
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    if (objects.isEmpty()) {
      return blobs;
    }
    StringBuilder request = new StringBuilder();
    objects.forEach(o -> request.append(o).append('\n'));
    byte[] out = run(request.toString().getBytes(StandardCharsets.UTF_8), "cat-file", "--batch");
    int pos = 0;
    for (String object : objects) {
      int eol = indexOf(out, (byte) '\n', pos);
      String header = new String(out, pos, eol - pos, StandardCharsets.UTF_8);
      pos = eol + 1;
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        continue;
      }
      String[] parts = header.split(" ");
      int size = Integer.parseInt(parts[parts.length - 1]);
      if (parts[1].equals("blob")) {
        byte[] content = new byte[size];
        System.arraycopy(out, pos, content, 0, size);
        blobs.put(object, content);
      }
      pos += size + 1;
    }
    return blobs;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    throw new IllegalStateException("truncated output of git cat-file");
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
