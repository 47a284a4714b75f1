package io.feedlake.source.kafka;

import io.feedlake.config.JobSpec.ConsoleFormat;
import io.feedlake.source.kafka.KcatEnvelope.Header;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses one line of a {@code kafka-console-consumer} dump made with {@code --property
 * print.timestamp/partition/offset/headers/key=true}. Pure and thread-safe; built on the driver
 * and used on executors.
 *
 * <p>The format is Apache Kafka's {@code DefaultMessageFormatter} (tools/consumer): the printed
 * fields come in a fixed order, each followed by {@code key.separator} (TAB by default), the value
 * last: {@code CreateTime:<ms>} / {@code LogAppendTime:<ms>} / {@code NO_TIMESTAMP}, {@code
 * Partition:<p>}, {@code Offset:<o>}, headers as {@code name:value} pairs joined by {@code
 * headers.separator} or {@code NO_HEADERS}, the key, the value. A null key, value or header value
 * prints as {@code null.literal} ({@code null}). Nothing is escaped, so the line is split at most
 * N-1 times for N printed fields: a separator inside the value stays in the value, one inside an
 * earlier field shifts the fields and the line fails to parse. A newline inside a value splits the
 * record over two lines, which then fail to parse (or their value fails the payload schema).
 *
 * <p>Lines that are not records: a blank line (when more than the value is printed) is {@code
 * blank}; the consumer's closing {@code Processed a total of <n> messages}, written to stderr and
 * often captured with the dump, is {@code stderr}.
 */
public final class ConsoleLineParser implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern PROCESSED = Pattern.compile("Processed a total of \\d+ messages");

  private final ConsoleFormat format;
  private final String topic;
  private final List<String> fields;

  /**
   * The outcome of parsing one line: a message, or a reason code and message.
   *
   * @param message the record when the line is one, else null
   * @param reason null for a record; {@code blank} or {@code stderr} (skipped) or {@code
   *     line_parse_error} (quarantined)
   * @param error why the line does not parse, for {@code line_parse_error}
   */
  public record Result(KafkaRecords.Message message, String reason, String error) {}

  /**
   * @param format the print settings the dump was made with
   * @param topic the topic (the console consumer does not print it)
   */
  public ConsoleLineParser(ConsoleFormat format, String topic) {
    this.format = format;
    this.topic = topic;
    List<String> f = new ArrayList<>();
    if (format.timestamp()) {
      f.add("timestamp");
    }
    if (format.partition()) {
      f.add("partition");
    }
    if (format.offset()) {
      f.add("offset");
    }
    if (format.headers()) {
      f.add("headers");
    }
    if (format.key()) {
      f.add("key");
    }
    f.add("value");
    this.fields = List.copyOf(f);
  }

  /** The printed fields in order, for messages: e.g. {@code [timestamp, partition, value]}. */
  public List<String> fields() {
    return fields;
  }

  /** Parses one line (without its line terminator). */
  public Result parse(String line) {
    if (fields.size() > 1 && line.isBlank()) {
      return new Result(null, "blank", null);
    }
    if (PROCESSED.matcher(line).matches()) {
      return new Result(null, "stderr", null);
    }
    String[] parts = line.split(Pattern.quote(format.separator()), fields.size());
    if (parts.length < fields.size()) {
      return error("expected " + fields.size() + " fields " + fields + " separated by "
          + visible(format.separator()) + ", found " + parts.length);
    }
    int i = 0;
    String timestampType = null;
    Long timestampMs = null;
    if (format.timestamp()) {
      String t = parts[i++];
      if (!t.equals("NO_TIMESTAMP")) {
        int colon = t.indexOf(':');
        String type = colon < 0 ? t : t.substring(0, colon);
        Long ms = colon < 0 ? null : parseLong(t.substring(colon + 1));
        if (type.equals("CreateTime") && ms != null) {
          timestampType = "create";
        } else if (type.equals("LogAppendTime") && ms != null) {
          timestampType = "logappend";
        } else {
          return error(fieldError(i, "timestamp", "CreateTime:<ms>, LogAppendTime:<ms> or NO_TIMESTAMP", t));
        }
        timestampMs = ms;
      }
    }
    Integer partition = null;
    if (format.partition()) {
      String p = parts[i++];
      Long v = p.startsWith("Partition:") ? parseLong(p.substring("Partition:".length())) : null;
      if (v == null || v < 0 || v > Integer.MAX_VALUE) {
        return error(fieldError(i, "partition", "Partition:<partition>", p));
      }
      partition = v.intValue();
    }
    Long offset = null;
    if (format.offset()) {
      String o = parts[i++];
      offset = o.startsWith("Offset:") ? parseLong(o.substring("Offset:".length())) : null;
      if (offset == null || offset < 0) {
        return error(fieldError(i, "offset", "Offset:<offset>", o));
      }
    }
    List<Header> headers = null;
    if (format.headers()) {
      String h = parts[i++];
      headers = new ArrayList<>();
      if (!h.equals("NO_HEADERS")) {
        for (String item : h.split(Pattern.quote(format.headersSeparator()), -1)) {
          int colon = item.indexOf(':');
          if (colon < 0) {
            return error("field " + i + " (headers): header '" + shorten(item) + "' is not name:value "
                + "(headers are name:value pairs separated by " + visible(format.headersSeparator())
                + ", or NO_HEADERS)");
          }
          String value = item.substring(colon + 1);
          headers.add(new Header(item.substring(0, colon), value.equals(format.nullLiteral()) ? null : value));
        }
      }
    }
    String key = null;
    if (format.key()) {
      String k = parts[i++];
      key = k.equals(format.nullLiteral()) ? null : k;
    }
    String value = parts[i];
    return new Result(
        new KafkaRecords.Message(topic, partition, offset, timestampType, timestampMs, null, headers, key,
            value.equals(format.nullLiteral()) ? null : value),
        null, null);
  }

  private static Result error(String message) {
    return new Result(null, "line_parse_error", message);
  }

  private static String fieldError(int position, String name, String expected, String got) {
    return "field " + position + " (" + name + "): expected " + expected + ", got '" + shorten(got) + "'";
  }

  private static Long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String visible(String separator) {
    return separator.equals("\t") ? "TAB" : "'" + separator + "'";
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
