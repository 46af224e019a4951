package io.github.lineage.core.kafka;

import io.github.lineage.core.config.EnvReader;
import java.util.Objects;

/** The topic names in force for one deployment. */
public record TopicNames(String fileChanges, String documents, String dlq) {

  public static final String ENV_FILE_CHANGES = "TOPIC_FILE_CHANGES";
  public static final String ENV_DOCUMENTS = "TOPIC_DOCUMENTS";
  public static final String ENV_DLQ = "TOPIC_DLQ";

  public TopicNames {
    Objects.requireNonNull(fileChanges, "fileChanges");
    Objects.requireNonNull(documents, "documents");
    Objects.requireNonNull(dlq, "dlq");
  }

  public static TopicNames defaults() {
    return new TopicNames(Topics.FILE_CHANGES, Topics.DOCUMENTS, Topics.DLQ);
  }

  /** Tests use a random prefix so that each test has topics of its own on a shared broker. */
  public static TopicNames withPrefix(String prefix) {
    return new TopicNames(
        prefix + Topics.FILE_CHANGES, prefix + Topics.DOCUMENTS, prefix + Topics.DLQ);
  }

  public static TopicNames from(EnvReader env) {
    return new TopicNames(
        env.string(ENV_FILE_CHANGES, Topics.FILE_CHANGES),
        env.string(ENV_DOCUMENTS, Topics.DOCUMENTS),
        env.string(ENV_DLQ, Topics.DLQ));
  }
}
