package io.github.lineage.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class ContentHashTest {

  // Expected values from coreutils' sha256sum over the same bytes (printf '...' | sha256sum).

  @Test
  void shouldMatchSha256sumOnTheUtf8BytesOfText() {
    assertThat(ContentHash.sha256("SELECT 'é' FROM t"))
        .isEqualTo("f3014f2c5c327effa941ea388351976516bc54a494554d5d871d68e51ccbf3d1");
    assertThat(ContentHash.sha256(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void shouldGiveTheSameHashReadInChunksAsAtOnce() {
    byte[] bytes = "abc".getBytes(StandardCharsets.US_ASCII);
    MessageDigest digest = ContentHash.newDigest();
    digest.update(bytes, 0, 1);
    digest.update(bytes, 1, 2);
    assertThat(ContentHash.hex(digest))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        .isEqualTo(ContentHash.sha256(bytes));
  }
}
