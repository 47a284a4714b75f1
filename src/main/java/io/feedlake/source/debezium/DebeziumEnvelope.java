package io.feedlake.source.debezium;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one Debezium change event value (JSON text) into its parts, with or without the JSON
 * converter's {@code {"schema": ..., "payload": ...}} wrapper ({@code schemas.enable}). Runs on
 * executors; stateless and thread-safe.
 *
 * <p>The envelope, as Debezium's connector documentation describes it ("Data change events":
 * MySQL, PostgreSQL and MongoDB connectors): {@code op} is {@code c} (create), {@code u} (update),
 * {@code d} (delete) or {@code r} (read, a snapshot row); {@code before} and {@code after} are the
 * row images (MongoDB's {@code after} is extended-JSON text); {@code ts_ms} is when the connector
 * processed the event; {@code source} carries {@code connector}, {@code name}, {@code db}, {@code
 * ts_ms} and {@code snapshot}, plus the table ({@code table}, MongoDB {@code collection}, with
 * {@code schema} for PostgreSQL) and the position: MySQL {@code file}, {@code pos}, {@code row};
 * PostgreSQL {@code lsn} and {@code txId}; MongoDB {@code ord} (within the second {@code ts_ms}).
 */
public final class DebeziumEnvelope implements Serializable {
  /** Operations that carry a row change. */
  public static final Set<String> ROW_OPS = Set.of("c", "u", "d", "r");

  /** The {@code source} block as written to beta ({@code source_*} columns once flattened). */
  public static final StructType SOURCE =
      new StructType()
          .add("connector", DataTypes.StringType)
          .add("name", DataTypes.StringType)
          .add("db", DataTypes.StringType)
          .add("schema", DataTypes.StringType)
          .add("table", DataTypes.StringType)
          .add("snapshot", DataTypes.StringType)
          .add("ts_ms", DataTypes.LongType)
          .add("file", DataTypes.StringType)
          .add("pos", DataTypes.LongType)
          .add("row", DataTypes.IntegerType)
          .add("lsn", DataTypes.LongType)
          .add("tx_id", DataTypes.LongType)
          .add("ord", DataTypes.IntegerType);

  /**
   * What {@link #read} returns: {@code error STRING} (null when the value is a change event),
   * {@code op STRING, ts_ms BIGINT} (epoch ms; the source's {@code ts_ms} when the envelope has
   * none), {@code source} ({@link #SOURCE}), {@code key STRING} (compact JSON), {@code after
   * STRING, before STRING} (compact JSON objects, null when absent).
   */
  public static final StructType PARTS =
      new StructType()
          .add("error", DataTypes.StringType)
          .add("op", DataTypes.StringType)
          .add("ts_ms", DataTypes.LongType)
          .add("source", SOURCE)
          .add("key", DataTypes.StringType)
          .add("after", DataTypes.StringType)
          .add("before", DataTypes.StringType);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> keyFields;

  /** @param keyFields row fields forming the key; empty to take the Kafka key instead */
  public DebeziumEnvelope(List<String> keyFields) {
    this.keyFields = List.copyOf(keyFields);
  }

  /**
   * @param value the event value's text; null for a tombstone (returns null)
   * @param kafkaKey the Kafka key's text, or null
   * @return a row of {@link #PARTS}, or null for a null value
   */
  public Row read(String value, String kafkaKey) {
    if (value == null) {
      return null;
    }
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      return failed("not a JSON change event: " + e.getOriginalMessage());
    }
    JsonNode event = unwrap(root);
    if (event == null || !event.isObject()) {
      return failed("not a Debezium change event: expected a JSON object with op, got " + kind(event));
    }
    JsonNode opNode = event.get("op");
    if (opNode == null || !opNode.isTextual()) {
      return failed("not a Debezium change event: no op field (fields: " + fieldNames(event) + ")");
    }
    String op = opNode.asText();
    if (!ROW_OPS.contains(op)) {
      return failed("op '" + op + "' is not a row change (expected c, u, d or r)");
    }
    JsonNode source = event.get("source");
    Row sourceRow = source == null || !source.isObject() ? null : source(source);
    Long ts = longValue(event.get("ts_ms"));
    if (ts == null && source != null) {
      ts = longValue(source.get("ts_ms"));
    }
    JsonNode after;
    JsonNode before;
    try {
      after = image(event.get("after"));
      before = image(event.get("before"));
    } catch (JsonProcessingException e) {
      return failed("the after or before image is text that is not JSON: " + e.getOriginalMessage());
    }
    String key;
    if (keyFields.isEmpty()) {
      key = kafkaKey(kafkaKey);
    } else {
      JsonNode image = after != null ? after : before;
      if (image == null || !image.isObject()) {
        return failed("op '" + op + "' has neither an after nor a before image to take the key "
            + keyFields + " from");
      }
      ObjectNode k = JSON.createObjectNode();
      for (String f : keyFields) {
        JsonNode v = image.get(f);
        if (v == null || v.isNull()) {
          return failed("key field '" + f + "' is missing or null in the " + (after != null ? "after" : "before")
              + " image");
        }
        k.set(f, v);
      }
      key = k.toString();
    }
    if (key == null) {
      return failed("no key: the record has no Kafka key and source.debezium.key is not set");
    }
    return RowFactory.create(null, op, ts, sourceRow, key, text(after), text(before));
  }

  private static Row failed(String error) {
    return RowFactory.create(error, null, null, null, null, null, null);
  }

  /** The JSON converter's {@code {schema, payload}} wrapper holds the event in {@code payload}. */
  static JsonNode unwrap(JsonNode root) {
    if (root != null && root.isObject() && root.has("payload") && root.has("schema") && root.size() == 2) {
      return root.get("payload");
    }
    return root;
  }

  private static JsonNode image(JsonNode n) throws JsonProcessingException {
    if (n == null || n.isNull()) {
      return null;
    }
    // MongoDB writes the document as extended-JSON text.
    return n.isTextual() ? JSON.readTree(n.asText()) : n;
  }

  private static String kafkaKey(String text) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode k = unwrap(JSON.readTree(text));
      return k == null ? null : k.toString();
    } catch (JsonProcessingException e) {
      return text;
    }
  }

  private static Row source(JsonNode s) {
    JsonNode table = s.has("table") ? s.get("table") : s.get("collection");
    return RowFactory.create(
        textValue(s.get("connector")), textValue(s.get("name")), textValue(s.get("db")),
        textValue(s.get("schema")), textValue(table), textValue(s.get("snapshot")), longValue(s.get("ts_ms")),
        textValue(s.get("file")), longValue(s.get("pos")), intValue(s.get("row")), longValue(s.get("lsn")),
        longValue(s.get("txId")), intValue(s.get("ord")));
  }

  private static String text(JsonNode n) {
    return n == null ? null : n.toString();
  }

  private static String textValue(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Long longValue(JsonNode n) {
    return n != null && n.canConvertToLong() ? n.asLong() : null;
  }

  private static Integer intValue(JsonNode n) {
    return n != null && n.canConvertToInt() ? n.asInt() : null;
  }

  private static String kind(JsonNode n) {
    return n == null ? "nothing" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
