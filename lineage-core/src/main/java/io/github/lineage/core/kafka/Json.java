package io.github.lineage.core.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one Jackson configuration every stage reads and writes records with. */
public final class Json {

  /**
   * ISO-8601 instants; unknown properties are tolerated so that a newer producer with an extra
   * field does not poison older consumers (the schemaVersion field marks breaking changes).
   * Jackson's default cap on one string (20 million characters) is lifted: a file's content travels
   * as one string, and its size is bounded by {@code RecordLimits} instead.
   */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                  .build())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}
}
