package io.feedlake.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Counts the fields of JSON payloads that a declared payload schema does not know: Spark's {@code
 * from_json} drops them silently, so a producer that renames or adds a field loses data without a
 * quarantined record. Paths are dotted ({@code device.os}); an element of an array of structs adds
 * {@code []} ({@code items[].sku}). Names are matched exactly, as {@code from_json} matches them.
 * Only declared structs are walked: a field declared {@code STRING} may hold any JSON (from_json
 * keeps its text), and a map's keys are data. Payloads that are not JSON objects are counted
 * apart (they are quarantined by ingest). Runs on the driver, over a sample; not thread-safe.
 */
public final class PayloadFields {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StructType schema;
  private final Map<String, Long> unknown = new LinkedHashMap<>();
  private long records;
  private long recordsWithUnknown;
  private long notObjects;

  /** @param schema the declared payload schema ({@code source.schema.ddl} or {@code .avsc}) */
  public PayloadFields(StructType schema) {
    this.schema = schema;
  }

  /**
   * Adds one payload.
   *
   * @param payload the payload's JSON text; null (a tombstone) is not counted
   */
  public void add(String payload) {
    if (payload == null) {
      return;
    }
    JsonNode node;
    try {
      node = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      node = null;
    }
    records++;
    if (node == null || !node.isObject()) {
      notObjects++;
      return;
    }
    long[] found = {0};
    walk(node, schema, "", found);
    if (found[0] > 0) {
      recordsWithUnknown++;
    }
  }

  private void walk(JsonNode node, DataType type, String path, long[] found) {
    if (type instanceof StructType struct && node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        int i = fieldIndex(struct, e.getKey());
        if (i < 0) {
          unknown.merge(name, 1L, Long::sum);
          found[0]++;
        } else {
          walk(e.getValue(), struct.fields()[i].dataType(), name, found);
        }
      }
    } else if (type instanceof ArrayType array && node.isArray()) {
      for (JsonNode element : node) {
        walk(element, array.elementType(), path + "[]", found);
      }
    } else if (type instanceof MapType map && node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        walk(it.next().getValue(), map.valueType(), path + "{}", found);
      }
    }
  }

  private static int fieldIndex(StructType struct, String name) {
    StructField[] fields = struct.fields();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Payloads added (tombstones excluded). */
  public long records() {
    return records;
  }

  /** Payloads with at least one unknown field. */
  public long recordsWithUnknown() {
    return recordsWithUnknown;
  }

  /** Payloads that are not JSON objects. */
  public long notObjects() {
    return notObjects;
  }

  /** Unknown field paths with their occurrences (an array element counts once each), most frequent first. */
  public Map<String, Long> unknown() {
    Map<String, Long> out = new LinkedHashMap<>();
    unknown.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
