package io.github.lineage.parser;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The parser's {@code queue.size}: records of the input topic not yet fetched, summed over the
 * partitions this instance owns. It is the sum of the consumers' per-partition {@code
 * consumer-fetch-manager-metrics/records-lag} (log end offset minus fetch position), read from the
 * Streams client's own metrics: no Admin round trip per scrape. Events waiting in the debounce
 * store are not counted (they have been consumed).
 */
final class ConsumerLag {

  static final String GROUP = "consumer-fetch-manager-metrics";
  static final String NAME = "records-lag";

  private ConsumerLag() {}

  static double of(KafkaStreams streams, String topic) {
    // The consumer reports topic names with '.' replaced by '_' in metric tags.
    String tagged = topic.replace('.', '_');
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (NAME.equals(name.name())
          && GROUP.equals(name.group())
          && isTopic(name.tags().get("topic"), topic, tagged)) {
        Object value = e.getValue().metricValue();
        if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
          total += n.doubleValue();
        }
      }
    }
    return total;
  }

  private static boolean isTopic(String tag, String topic, String tagged) {
    return tag != null && (tag.equals(topic) || tag.equals(tagged));
  }
}
