package io.github.lineage.parser;

import io.github.lineage.core.kafka.JsonSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The debounce store's value format: a version byte, then the fields of {@link Pending} with the
 * original record's bytes as they are. Binary because every debounced event is written to the
 * store and its changelog and read back once: as JSON the content would be base64-encoded inside
 * a JSON string (a third larger) and decoded twice. Values written as JSON by earlier versions
 * (first byte {@code '{'}) are still read.
 */
final class PendingSerde {

  static final Serde<Pending> SERDE =
      Serdes.serdeFrom(
          (Serializer<Pending>) (topic, pending) -> toBytes(pending),
          (Deserializer<Pending>) (topic, data) -> fromBytes(data));

  private static final byte VERSION = 1;
  private static final byte JSON_START = '{';
  private static final JsonSerde<Pending> LEGACY_JSON = new JsonSerde<>(Pending.class);

  private PendingSerde() {}

  static byte[] toBytes(Pending pending) {
    if (pending == null) {
      return null;
    }
    Origin o = pending.origin();
    int size =
        64 + length(o.key()) + length(o.value()) + (o.topic() == null ? 0 : o.topic().length() * 3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(pending.lastSeenMs());
      out.writeBoolean(o.topic() != null);
      if (o.topic() != null) {
        out.writeUTF(o.topic());
      }
      out.writeInt(o.partition());
      out.writeLong(o.offset());
      out.writeLong(o.timestamp());
      writeBytes(out, o.key());
      writeBytes(out, o.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return bytes.toByteArray();
  }

  static Pending fromBytes(byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length > 0 && data[0] == JSON_START) {
      return LEGACY_JSON.fromBytes(data);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new SerializationException(
            "pending event of format version " + version + ", this version reads " + VERSION);
      }
      long lastSeenMs = in.readLong();
      String originTopic = in.readBoolean() ? in.readUTF() : null;
      int partition = in.readInt();
      long offset = in.readLong();
      long timestamp = in.readLong();
      byte[] key = readBytes(in);
      byte[] value = readBytes(in);
      return new Pending(
          new Origin(originTopic, partition, offset, timestamp, key, value), lastSeenMs);
    } catch (IOException e) {
      throw new SerializationException("truncated pending event (" + data.length + " bytes)", e);
    }
  }

  private static int length(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    if (n > in.available()) {
      throw new IOException("length " + n + " beyond the end of the value");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
