package io.feedlake.conform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Explains why a JSON payload did not parse against the declared schema, for the quarantine
 * message. Spark's {@code from_json} only says that a record is corrupt; this walks the document
 * and names the first field whose JSON type cannot be read as the declared type, or whose number
 * does not fit it (an int field holding 4800000000, a decimal with too many digits). Only called for
 * rows that already failed, so its cost does not matter. Runs on executors.
 */
public final class JsonPayloadDiagnosis {
  // A second JSON value on the same line (a lost newline) must fail, not be ignored.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonPayloadDiagnosis() {}

  /**
   * @param payload the payload text
   * @param schema the declared payload schema
   * @return a one-line reason, e.g. {@code field 'clicks': expected int, got string "seven"} or
   *     {@code field 'meta.offset': value 4800000000 does not fit the declared type int (range
   *     -2147483648..2147483647)}
   */
  public static String diagnose(String payload, StructType schema) {
    if (payload == null) {
      return "payload is null";
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      return "payload is not valid JSON: " + e.getOriginalMessage();
    }
    if (node == null || !node.isObject()) {
      return "payload is not a JSON object (got " + (node == null ? "nothing" : node.getNodeType()) + ")";
    }
    String problem = check(node, schema, "");
    return problem != null ? problem : "payload does not match the declared schema";
  }

  private static String check(JsonNode node, DataType type, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (type instanceof StructType struct) {
      if (!node.isObject()) {
        return mismatch(path, "struct", node);
      }
      for (StructField f : struct.fields()) {
        String p = check(node.get(f.name()), f.dataType(), path.isEmpty() ? f.name() : path + "." + f.name());
        if (p != null) {
          return p;
        }
      }
      return null;
    }
    if (type instanceof ArrayType array) {
      if (!node.isArray()) {
        return mismatch(path, "array", node);
      }
      for (int i = 0; i < node.size(); i++) {
        String p = check(node.get(i), array.elementType(), path + "[" + i + "]");
        if (p != null) {
          return p;
        }
      }
      return null;
    }
    if (type instanceof MapType map) {
      if (!node.isObject()) {
        return mismatch(path, "map", node);
      }
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String p = check(e.getValue(), map.valueType(), path + "." + e.getKey());
        if (p != null) {
          return p;
        }
      }
      return null;
    }
    if (type instanceof StringType) {
      return null;
    }
    if (type instanceof IntegerType || type instanceof LongType || type instanceof ShortType
        || type instanceof ByteType) {
      if (!node.isIntegralNumber()) {
        return mismatch(path, type.simpleString(), node);
      }
      return fits(node.bigIntegerValue(), type) ? null : overflow(path, type, node, range(type));
    }
    if (type instanceof DecimalType decimal) {
      if (!node.isNumber()) {
        return mismatch(path, type.simpleString(), node);
      }
      // from_json rejects a value whose integer digits exceed precision - scale (it rounds the
      // fraction to the scale).
      java.math.BigDecimal v = node.decimalValue();
      int integerDigits = Math.max(0, v.precision() - v.scale());
      int allowed = decimal.precision() - decimal.scale();
      return integerDigits <= allowed ? null
          : overflow(path, type, node, "at most " + allowed + " digit" + (allowed == 1 ? "" : "s")
              + " before the decimal point");
    }
    if (type instanceof DoubleType || type instanceof FloatType) {
      return node.isNumber() ? null : mismatch(path, type.simpleString(), node);
    }
    if (type instanceof BooleanType) {
      return node.isBoolean() ? null : mismatch(path, "boolean", node);
    }
    return null;
  }

  private static boolean fits(java.math.BigInteger v, DataType type) {
    return v.bitLength() < bits(type);
  }

  /** Bits of a signed integral Spark type (BigInteger.bitLength excludes the sign bit). */
  private static int bits(DataType type) {
    if (type instanceof ByteType) {
      return 8;
    }
    if (type instanceof ShortType) {
      return 16;
    }
    return type instanceof IntegerType ? 32 : 64;
  }

  private static String range(DataType type) {
    int b = bits(type);
    java.math.BigInteger max = java.math.BigInteger.ONE.shiftLeft(b - 1);
    return "range " + max.negate() + ".." + max.subtract(java.math.BigInteger.ONE);
  }

  private static String overflow(String path, DataType type, JsonNode node, String limit) {
    String shown = node.asText();
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return "field '" + path + "': value " + shown + " does not fit the declared type " + type.simpleString()
        + " (" + limit + ")";
  }

  private static String mismatch(String path, String expected, JsonNode node) {
    String shown = node.toString();
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return "field '" + path + "': expected " + expected + ", got "
        + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + shown;
  }
}
