package io.github.lineage.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash every stage agrees on: lowercase hex SHA-256 of a file's bytes. The watcher puts
 * it on the change event, the parser keys its cache and the document by it, the sink records it on
 * the File node, and reconciliation compares them; one definition keeps them comparable.
 */
public final class ContentHash {

  private static final HexFormat HEX = HexFormat.of();

  private ContentHash() {}

  public static String sha256(byte[] bytes) {
    return HEX.formatHex(newDigest().digest(bytes));
  }

  /** Of the UTF-8 bytes of {@code text}, which is what a file holding that text contains. */
  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** For content read in chunks: update it, then {@link #hex(MessageDigest)}. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static String hex(MessageDigest digest) {
    return HEX.formatHex(digest.digest());
  }
}
