package io.github.lineage.core.kafka;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** JSON serde for one record type; null maps to null both ways (tombstones). */
public final class JsonSerde<T> implements Serde<T> {

  private final Class<T> type;
  private final ObjectWriter writer;
  private final ObjectReader reader;

  public JsonSerde(Class<T> type) {
    this.type = type;
    this.writer = Json.MAPPER.writerFor(type);
    this.reader = Json.MAPPER.readerFor(type);
  }

  public Class<T> type() {
    return type;
  }

  public byte[] toBytes(T value) {
    if (value == null) {
      return null;
    }
    try {
      return writer.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }

  /** Throws {@link SerializationException} naming the type and the cause on malformed input. */
  public T fromBytes(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return reader.readValue(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "malformed " + type.getSimpleName() + " JSON: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> toBytes(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> fromBytes(bytes);
  }
}
