package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedlake.config.Rules.OnUnknown;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Finds the fields of JSON text payloads that the declared schema does not name ({@code
 * schema.on-unknown}), in the same projection that parses them: one Jackson streaming pass over
 * each payload, guided by the declared schema, adds one column to the rows and counts into an
 * {@link UndeclaredFieldTally} accumulator, so no Spark action of its own runs.
 *
 * <p>What is found, per payload that is a JSON object: each field whose name is not declared at
 * its level, by its dotted path ({@code org}, {@code payload.repository_id}); what it holds is not
 * walked. Declared structs are walked when the value is an object; a declared field of any other
 * type (scalar, array, map) is not walked (a declared {@code STRING} may hold any JSON, an array's
 * elements and a map's keys are data). Names match exactly, as {@code from_json} matches them. For
 * every declared leaf path it also counts the payloads where the value is present and not null, so
 * that fields absent from every record of a date can be named. Payloads that are not JSON objects
 * (quarantined by the parser) and null payloads (tombstones) are not counted.
 *
 * <p>The added column: with {@code capture}, {@link #EXTRA} ({@code STRING}): the undeclared
 * fields of the payload as a compact JSON object, nested as in the payload ({@code
 * {"payload":{"repository_id":1}}}), null when there are none; otherwise {@link #SCAN} (always
 * null), internal, kept only so that the optimizer does not prune the scan. The UDF is
 * non-deterministic so that it runs once per row.
 *
 * <p>How it reaches the parser: the ingest's source starts a scan for the date on its driver
 * thread ({@link #within}); {@code PayloadParser.json()} applies the active scan, if any, to the
 * rows it parses ({@link #applyActive}); and the classifier carries the column ({@link #carried}).
 * Plans built on other threads, or outside {@link #within}, are not scanned.
 */
public final class UnknownFieldScan {
  /** Column of the captured undeclared fields (JSON text), an output column with {@code capture}. */
  public static final String EXTRA = "_extra";
  /** Internal column that keeps the scan in the plan with {@code warn} and {@code fail}. */
  public static final String SCAN = "_undeclared_scan";

  private static final ThreadLocal<UnknownFieldScan> ACTIVE = new ThreadLocal<>();

  private final OnUnknown mode;
  private final SparkContext context;
  private UndeclaredFieldTally tally;
  private List<String> declaredLeaves = List.of();

  /**
   * @param mode {@code warn}, {@code fail} or {@code capture} ({@code ignore} never scans)
   * @param context where the accumulator is registered
   */
  public UnknownFieldScan(OnUnknown mode, SparkContext context) {
    if (mode == OnUnknown.IGNORE) {
      throw new IllegalArgumentException("schema.on-unknown = ignore does not scan payloads");
    }
    this.mode = mode;
    this.context = context;
  }

  /** The mode of this scan. */
  public OnUnknown mode() {
    return mode;
  }

  /**
   * Builds a plan with this scan active on the calling thread: the JSON parsers planned by {@code
   * build} apply it. Driver only.
   */
  public <T> T within(Supplier<T> build) {
    UnknownFieldScan previous = ACTIVE.get();
    ACTIVE.set(this);
    try {
      return build.get();
    } finally {
      if (previous == null) {
        ACTIVE.remove();
      } else {
        ACTIVE.set(previous);
      }
    }
  }

  /**
   * Applies the scan active on this thread ({@link #within}) to rows about to be parsed, or
   * returns them as they are when none is.
   *
   * @param rows rows with {@code payload STRING}, {@code _source_file STRING} and {@code
   *     _line_number BIGINT}
   * @param schema the declared schema the payload is parsed with
   */
  public static Dataset<Row> applyActive(Dataset<Row> rows, StructType schema) {
    UnknownFieldScan scan = ACTIVE.get();
    return scan == null ? rows : scan.apply(rows, schema);
  }

  /** The scan's column among {@code columns}, to be carried to the classified rows (none or one). */
  public static List<Column> carried(String[] columns) {
    List<Column> out = new ArrayList<>();
    for (String c : columns) {
      if (c.equals(EXTRA) || c.equals(SCAN)) {
        out.add(col(c));
      }
    }
    return out;
  }

  /**
   * Adds the scan column to rows (see the class comment) and registers a new tally. A plan applies
   * one scan (the last one applied is the one reported).
   */
  public Dataset<Row> apply(Dataset<Row> rows, StructType schema) {
    DeclaredNode declared = DeclaredNode.of(schema, "", new ArrayList<>());
    declaredLeaves = List.copyOf(declared.leafPaths);
    tally = new UndeclaredFieldTally(declaredLeaves.size());
    context.register(tally, "feedlake undeclared payload fields per file");
    UserDefinedFunction udf = functions.udf(scanner(declared, mode == OnUnknown.CAPTURE, tally),
        DataTypes.StringType).asNondeterministic();
    return rows.withColumn(mode == OnUnknown.CAPTURE ? EXTRA : SCAN,
        udf.apply(col("payload"), col("_source_file"), col("_line_number")));
  }

  private static UDF3<String, String, Long, String> scanner(DeclaredNode declared, boolean capture,
      UndeclaredFieldTally tally) {
    return (payload, file, line) -> payload == null ? null
        : scanPayload(payload, declared, capture, tally.file(file), line == null ? 0 : line);
  }

  /**
   * The report of what the scan saw; empty (no payload) before the plan ran or when no JSON parser
   * applied the scan. Driver only.
   */
  public UndeclaredFieldReport report() {
    return UndeclaredFieldReport.of(tally, declaredLeaves);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Scans one payload; returns the captured fields' JSON (capture only) or null. */
  static String scanPayload(String payload, DeclaredNode declared, boolean capture,
      UndeclaredFieldTally.FileTally into, long line) {
    List<String> unknown = new ArrayList<>(0);
    int[] present = new int[declared.leafCount()];
    int[] presentCount = {0};
    ObjectNode extra = capture ? JSON.createObjectNode() : null;
    try (JsonParser p = JSON.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      walk(p, declared, "", extra, unknown, present, presentCount);
      if (p.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      // Not JSON: the parser quarantines it; it is not counted here.
      return null;
    }
    into.add(line, unknown, present, presentCount[0]);
    return extra == null || extra.isEmpty() ? null : extra.toString();
  }

  private static void walk(JsonParser p, DeclaredNode node, String prefix, ObjectNode extra, List<String> unknown,
      int[] present, int[] presentCount) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      JsonToken value = p.nextToken();
      DeclaredNode child = node.children.get(name);
      if (child == null) {
        unknown.add(prefix + name);
        if (extra != null) {
          JsonNode tree = p.readValueAsTree();
          extra.set(name, tree);
        } else {
          p.skipChildren();
        }
      } else if (child.leaf < 0) {
        if (value == JsonToken.START_OBJECT) {
          ObjectNode nested = extra == null ? null : JSON.createObjectNode();
          walk(p, child, prefix + name + ".", nested, unknown, present, presentCount);
          if (nested != null && !nested.isEmpty()) {
            extra.set(name, nested);
          }
        } else {
          p.skipChildren();
        }
      } else {
        if (value != JsonToken.VALUE_NULL && presentCount[0] < present.length) {
          present[presentCount[0]++] = child.leaf;
        }
        p.skipChildren();
      }
    }
  }

  /** The declared schema as a tree of field names; leaves carry their index among the leaf paths. */
  static final class DeclaredNode implements Serializable {
    private static final long serialVersionUID = 1L;

    final Map<String, DeclaredNode> children = new HashMap<>();
    final int leaf;
    final transient List<String> leafPaths;
    private int leafCount;

    private DeclaredNode(int leaf, List<String> leafPaths) {
      this.leaf = leaf;
      this.leafPaths = leafPaths;
    }

    static DeclaredNode of(StructType schema, String prefix, List<String> leafPaths) {
      DeclaredNode node = new DeclaredNode(-1, leafPaths);
      for (StructField f : schema.fields()) {
        String path = prefix + f.name();
        if (f.dataType() instanceof StructType s) {
          node.children.put(f.name(), of(s, path + ".", leafPaths));
        } else {
          leafPaths.add(path);
          node.children.put(f.name(), new DeclaredNode(leafPaths.size() - 1, leafPaths));
        }
      }
      node.leafCount = leafPaths.size();
      return node;
    }

    /** Leaf paths in the whole schema (meaningful on the root). */
    int leafCount() {
      return leafCount;
    }
  }
}
