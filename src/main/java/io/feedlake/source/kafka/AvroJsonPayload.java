package io.feedlake.source.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Rewrites a value that kcat decoded from Avro ({@code -s value=avro}) into the plain JSON that
 * Spark's {@code from_json} reads with the schema spark-avro's {@code SchemaConverters} derives
 * from the same Avro schema. Pure and thread-safe; runs on executors.
 *
 * <p>kcat prints the value with libavro's {@code avro_value_to_json}, which follows the Avro
 * specification's JSON encoding (Avro 1.11 spec, "JSON Encoding"; avro-c value-json.c): a union
 * value is wrapped as <code>{"branch-name": value}</code> unless it is null, and bytes and fixed
 * values are strings whose characters are the bytes U+0000 to U+00FF. Read as they are, a
 * nullable string field would come out as the text <code>{"string":"US"}</code>. The rewrite,
 * guided by the declared Avro schema:
 *
 * <ul>
 *   <li>a union with one non-null branch, or with branches {int, long} or {float, double}, becomes
 *       the bare value; other unions become <code>{"member&lt;i&gt;": value}</code> with {@code i}
 *       the branch's index among the non-null branches (SchemaConverters' struct for complex
 *       unions). A branch is named by its type name, or for named types by full or short name;
 *   <li>bytes and fixed become base64 (how {@code from_json} reads BINARY), or a JSON number when
 *       they carry the {@code decimal} logical type;
 *   <li>{@code date} becomes {@code yyyy-MM-dd}, {@code timestamp-millis/micros} an ISO-8601
 *       instant, {@code local-timestamp-millis/micros} an ISO-8601 local date-time (from_json would
 *       read a bare number as seconds);
 *   <li>records, arrays and maps are rewritten field by field; JSON fields the schema does not
 *       declare are kept as they are.
 * </ul>
 */
public final class AvroJsonPayload {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroJsonPayload() {}

  /**
   * @param avroJson the value as kcat printed it (Avro JSON encoding)
   * @param schema the value's Avro schema
   * @return the value as plain JSON text
   * @throws IllegalArgumentException naming the field path when the value does not follow the
   *     schema (for example a union branch the schema does not have)
   */
  public static String toPlainJson(String avroJson, Schema schema) {
    JsonNode node;
    try {
      node = MAPPER.readTree(avroJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    return convert(node, schema, "").toString();
  }

  private static JsonNode convert(JsonNode node, Schema schema, String path) {
    if (node == null || node.isNull()) {
      return NODES.nullNode();
    }
    return switch (schema.getType()) {
      case UNION -> union(node, schema, path);
      case RECORD -> record(node, schema, path);
      case ARRAY -> array(node, schema, path);
      case MAP -> map(node, schema, path);
      case BYTES, FIXED -> bytes(node, schema, path);
      case INT -> logicalInt(node, schema.getLogicalType());
      case LONG -> logicalLong(node, schema.getLogicalType(), path);
      default -> node;
    };
  }

  private static JsonNode union(JsonNode node, Schema union, String path) {
    if (!node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException(
          at(path) + "expected a union value wrapped as {\"type\": value}, got " + shorten(node));
    }
    Map.Entry<String, JsonNode> branch = node.fields().next();
    List<Schema> nonNull = new ArrayList<>();
    for (Schema s : union.getTypes()) {
      if (s.getType() != Schema.Type.NULL) {
        nonNull.add(s);
      }
    }
    for (int i = 0; i < nonNull.size(); i++) {
      Schema s = nonNull.get(i);
      if (branchNamed(s, branch.getKey())) {
        JsonNode value = convert(branch.getValue(), s, path);
        if (nonNull.size() == 1 || numericPair(nonNull)) {
          return value;
        }
        ObjectNode member = NODES.objectNode();
        member.set("member" + i, value);
        return member;
      }
    }
    List<String> names = union.getTypes().stream().map(Schema::getFullName).toList();
    throw new IllegalArgumentException(
        at(path) + "union branch '" + branch.getKey() + "' is not one of " + names);
  }

  private static boolean branchNamed(Schema s, String name) {
    return switch (s.getType()) {
      case RECORD, ENUM, FIXED -> s.getFullName().equals(name) || s.getName().equals(name);
      default -> s.getType().getName().equals(name);
    };
  }

  private static boolean numericPair(List<Schema> branches) {
    if (branches.size() != 2) {
      return false;
    }
    Schema.Type a = branches.get(0).getType();
    Schema.Type b = branches.get(1).getType();
    return (a == Schema.Type.INT && b == Schema.Type.LONG) || (a == Schema.Type.LONG && b == Schema.Type.INT)
        || (a == Schema.Type.FLOAT && b == Schema.Type.DOUBLE) || (a == Schema.Type.DOUBLE && b == Schema.Type.FLOAT);
  }

  private static JsonNode record(JsonNode node, Schema schema, String path) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          at(path) + "expected record " + schema.getFullName() + ", got " + shorten(node));
    }
    ObjectNode out = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Schema.Field f = schema.getField(e.getKey());
      out.set(e.getKey(), f == null ? e.getValue() : convert(e.getValue(), f.schema(), child(path, e.getKey())));
    }
    return out;
  }

  private static JsonNode array(JsonNode node, Schema schema, String path) {
    if (!node.isArray()) {
      throw new IllegalArgumentException(at(path) + "expected an array, got " + shorten(node));
    }
    ArrayNode out = NODES.arrayNode();
    for (int i = 0; i < node.size(); i++) {
      out.add(convert(node.get(i), schema.getElementType(), path + "[" + i + "]"));
    }
    return out;
  }

  private static JsonNode map(JsonNode node, Schema schema, String path) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(at(path) + "expected a map, got " + shorten(node));
    }
    ObjectNode out = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(e.getKey(), convert(e.getValue(), schema.getValueType(), path + "." + e.getKey()));
    }
    return out;
  }

  private static JsonNode bytes(JsonNode node, Schema schema, String path) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(at(path) + "expected " + schema.getType().getName()
          + " as a string of byte characters, got " + shorten(node));
    }
    String text = node.asText();
    byte[] bytes = new byte[text.length()];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0xFF) {
        throw new IllegalArgumentException(at(path) + "character U+" + String.format("%04X", (int) c)
            + " at position " + i + " is not a byte (Avro JSON encodes bytes as U+0000 to U+00FF)");
      }
      bytes[i] = (byte) c;
    }
    if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
      return NODES.numberNode(new BigDecimal(new BigInteger(bytes), decimal.getScale()));
    }
    return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
  }

  private static JsonNode logicalInt(JsonNode node, LogicalType logical) {
    if (logical instanceof LogicalTypes.Date && node.isIntegralNumber()) {
      return NODES.textNode(LocalDate.ofEpochDay(node.asLong()).toString());
    }
    return node;
  }

  private static JsonNode logicalLong(JsonNode node, LogicalType logical, String path) {
    if (logical == null || !node.isIntegralNumber()) {
      return node;
    }
    long v = node.asLong();
    try {
      if (logical instanceof LogicalTypes.TimestampMillis) {
        return NODES.textNode(Instant.ofEpochMilli(v).toString());
      }
      if (logical instanceof LogicalTypes.TimestampMicros) {
        return NODES.textNode(micros(v).toString());
      }
      if (logical instanceof LogicalTypes.LocalTimestampMillis) {
        return NODES.textNode(LocalDateTime.ofInstant(Instant.ofEpochMilli(v), ZoneOffset.UTC).toString());
      }
      if (logical instanceof LogicalTypes.LocalTimestampMicros) {
        return NODES.textNode(LocalDateTime.ofInstant(micros(v), ZoneOffset.UTC).toString());
      }
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(at(path) + logical.getName() + " value " + v + " is out of range", e);
    }
    return node;
  }

  private static Instant micros(long v) {
    return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1_000L);
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String at(String path) {
    return path.isEmpty() ? "value: " : "field '" + path + "': ";
  }

  private static String shorten(JsonNode node) {
    String s = node.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
