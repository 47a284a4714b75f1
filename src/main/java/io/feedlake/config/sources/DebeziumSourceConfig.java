package io.feedlake.config.sources;

import io.feedlake.config.JobSpec.ConsoleFormat;
import io.feedlake.config.JobSpec.ReadyRule;
import io.feedlake.config.JobSpec.RegisteredSourceSpec;
import io.feedlake.config.SourceConfigValidator;
import io.feedlake.config.SourceSection;
import java.util.List;

/**
 * Validates {@code source.type = debezium}: Debezium change events (MySQL, PostgreSQL, MongoDB
 * connectors) of one topic, dumped daily by kcat ({@code -C -J}) or {@code kafka-console-consumer},
 * or written as JSON by the Kafka Connect S3 sink, with or without the JSON converter's {@code
 * {schema, payload}} wrapper. Keys:
 * {@code source.path}, {@code source.topic}, {@code source.dump-dir}, {@code source.extensions},
 * {@code source.schema.ddl} or {@code .avsc} (the row image: {@code after}), {@code source.ready*}
 * {@code source.debezium.*}, and {@code source.console.*} for console dumps.
 */
public final class DebeziumSourceConfig implements SourceConfigValidator {
  /** The {@code source.type} value. */
  public static final String TYPE = "debezium";

  /** How the change events were taken off Kafka. */
  public enum Container {
    /** kcat {@code -C -J} envelopes: the Kafka key, partition and offset come with each event. */
    KCAT,
    /**
     * {@code kafka-console-consumer} text dumps, one value per line, printed with the {@code
     * source.console.*} properties; without {@code print.key} the key is not stored, so {@code
     * source.debezium.key} is required.
     */
    CONSOLE,
    /**
     * Kafka Connect S3 sink JSON objects {@code <topic>+<partition>+<startOffset>.json[.gz]}, one
     * value per line; the key is not stored, so {@code source.debezium.key} is required.
     */
    CONNECT_JSON
  }

  /** How the {@code before} image is written. */
  public enum BeforeImage {
    /** {@code before STRING}: the image as compact JSON text, null when absent. */
    JSON,
    /** {@code before STRUCT}: parsed with the declared row schema. */
    STRUCT
  }

  /**
   * @param path alpha root (local path or Hadoop FS URI)
   * @param topic the Debezium topic, e.g. {@code dbserver1.inventory.customers}
   * @param dumpDir directory of one date below {@code path}, {@code {topic}} substituted
   * @param extensions file name endings read
   * @param container kcat dumps or Connect S3 JSON objects
   * @param rowDdl the declared row schema ({@code after} image) as Spark DDL, or null
   * @param rowAvsc the declared row schema as an Avro {@code .avsc} file, or null
   * @param keyFields row fields forming the key (from {@code after}, or {@code before} for a
   *     delete); empty means the Kafka key
   * @param before how the before image is written
   * @param ready when a date's directory counts as complete
   * @param console the {@code kafka-console-consumer} properties of a {@link Container#CONSOLE}
   *     dump; null for the other containers
   */
  public record DebeziumSourceSpec(
      String path,
      String topic,
      String dumpDir,
      List<String> extensions,
      Container container,
      String rowDdl,
      String rowAvsc,
      List<String> keyFields,
      BeforeImage before,
      ReadyRule ready,
      ConsoleFormat console)
      implements RegisteredSourceSpec {
    public DebeziumSourceSpec {
      extensions = List.copyOf(extensions);
      keyFields = List.copyOf(keyFields);
    }
  }

  @Override
  public DebeziumSourceSpec validate(SourceSection s) {
    int before = s.problemCount();
    String path = s.string("source.path", "the alpha directory or URI holding the dumps");
    String topic = s.string("source.topic", "the Debezium topic, e.g. dbserver1.inventory.customers");
    String dumpDir = s.dumpDir(topic);
    Container container =
        s.enumValue("source.debezium.container", Container.class, "kcat, console, connect-json", Container.KCAT);
    ConsoleFormat console = container == Container.CONSOLE ? s.consoleFormat() : null;
    List<String> extensions = s.stringList("source.extensions", "a list of file endings");
    if (extensions != null && extensions.isEmpty()) {
      extensions = switch (container) {
        case KCAT -> List.of(".json", ".jsonl", ".json.gz", ".jsonl.gz");
        case CONSOLE -> List.of(".txt", ".log", ".txt.gz", ".log.gz");
        case CONNECT_JSON -> List.of(".json", ".json.gz");
      };
    }
    String[] schema = s.payloadSchema();
    List<String> key = s.stringList("source.debezium.key", "a list of row field names such as [id]");
    if (key != null && key.isEmpty() && container == Container.CONNECT_JSON) {
      s.problem("source.debezium.key: required with container connect-json, whose objects hold no Kafka key "
          + "(expected the row's key fields, e.g. [id])");
    }
    if (key != null && key.isEmpty() && console != null && !console.key()) {
      s.problem("source.debezium.key: required with container console and source.console.print-key = false "
          + "(the dump holds no Kafka key; expected the row's key fields, e.g. [id], or a dump made with "
          + "--property print.key=true)");
    }
    BeforeImage image = s.enumValue("source.debezium.before", BeforeImage.class, "json, struct", BeforeImage.JSON);
    if (s.problemCount() > before) {
      return null;
    }
    return new DebeziumSourceSpec(path, topic, dumpDir, extensions, container, schema[0], schema[1], key, image,
        s.ready(), console);
  }
}
