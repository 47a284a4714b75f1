package io.feedlake.source.kafka;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of an object written by the Confluent Kafka Connect S3 sink connector: {@code
 * <topic>+<partition>+<startOffset>.<extension>}, where the start offset is the Kafka offset of the
 * object's first record, zero-padded to {@code filename.offset.zero.pad.width} digits (10 by
 * default), and the extension follows {@code format.class} ({@code .json}, {@code .json.gz},
 * {@code .avro}). With {@code store.kafka.keys} / {@code store.kafka.headers} the connector writes
 * sibling objects {@code <topic>+<partition>+<startOffset>.keys.<extension>} and {@code
 * .headers.<extension>} (Confluent S3 sink connector documentation; FEEDS.md section 2). Topic
 * names cannot contain {@code +} (Kafka allows {@code [a-zA-Z0-9._-]}), so the name splits
 * unambiguously. Pure; used on the driver and on executors.
 *
 * @param topic the Kafka topic
 * @param partition the Kafka partition
 * @param startOffset offset of the object's first record
 * @param extension everything after the start offset's dot, e.g. {@code json.gz} or {@code
 *     keys.avro}
 */
public record ConnectObjectName(String topic, int partition, long startOffset, String extension)
    implements Serializable {
  /**
   * The name pattern; groups: 1 topic, 2 partition, 3 start offset, 4 extension. Also used as a
   * Spark {@code regexp_extract} pattern on executors, so both sides read names the same way.
   */
  public static final String REGEX = "^([a-zA-Z0-9._-]+)\\+([0-9]+)\\+([0-9]+)\\.(.+)$";

  private static final Pattern PATTERN = Pattern.compile(REGEX);

  /**
   * @param name an object name (last path segment)
   * @return the parsed name
   * @throws IllegalArgumentException when the name does not follow the pattern, or the partition
   *     or offset are out of range
   */
  public static ConnectObjectName parse(String name) {
    Matcher m = PATTERN.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException("object name '" + name
          + "' does not follow the Kafka Connect S3 sink pattern <topic>+<partition>+<startOffset>.<extension>");
    }
    try {
      return new ConnectObjectName(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)), m.group(4));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("object name '" + name + "': partition " + m.group(2)
          + " or start offset " + m.group(3) + " is out of range", e);
    }
  }

  /** Whether this is a {@code .keys.<ext>} or {@code .headers.<ext>} sibling of a data object. */
  public boolean isSibling() {
    return extension.startsWith("keys.") || extension.startsWith("headers.");
  }

  /** The Kafka offset of the object's record at a 1-based position (line or record index). */
  public long offsetAt(long position) {
    return startOffset + position - 1;
  }
}
