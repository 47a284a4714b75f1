package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Counts the JSON values that a declared {@code STRING} payload field receives as something other
 * than a JSON string. Spark's {@code from_json} (its {@code JacksonParser}) turns any JSON value
 * into text for a {@code StringType} field: {@code 12} becomes {@code "12"}, {@code true} becomes
 * {@code "true"}, an object or array its JSON text. feedlake keeps that (a STRING column holds
 * what the producer sent) but makes it visible: per top-level STRING field, the run's metrics get
 * {@code string_from_scalar.<field>} (numbers and booleans) and {@code string_from_json.<field>}
 * (objects and arrays), summed by the ingest like the other conform counters ({@link
 * Conformed#METRIC_PREFIX} columns) and printed in the run summary and the run record.
 *
 * <p>Adds two INT columns per STRING field (1 or 0) to a lazy plan; no shuffle. Cost: one regular
 * expression over each payload; only payloads it matches (a declared STRING field's name followed
 * by something other than a quote or {@code null}) are read again by a Jackson streaming parser,
 * which looks at the top level only. Nested STRING fields (inside structs or arrays) are not
 * counted. Payloads that are not JSON text ({@code payload} already a struct, e.g. Avro) are left
 * as they are: their types are exact.
 */
public final class ScalarsInStringFields {
  /** Metric name prefix of numbers and booleans written as text. */
  public static final String SCALAR = "string_from_scalar";
  /** Metric name prefix of objects and arrays written as their JSON text. */
  public static final String STRUCTURE = "string_from_json";

  private static final JsonFactory JSON = new JsonFactory();

  private ScalarsInStringFields() {}

  /**
   * The rows with the counter columns added, when {@code payload} is a STRING column and the
   * schema declares top-level STRING fields; otherwise the rows unchanged.
   *
   * @param rows rows with a {@code payload} column (JSON text, or a struct)
   * @param schema the declared payload schema
   */
  public static Dataset<Row> count(Dataset<Row> rows, StructType schema) {
    List<String> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (f.dataType().equals(DataTypes.StringType)) {
        fields.add(f.name());
      }
    }
    boolean textPayload = List.of(rows.columns()).contains("payload")
        && rows.schema().apply("payload").dataType().equals(DataTypes.StringType);
    if (fields.isEmpty() || !textPayload) {
      return rows;
    }
    String names = fields.stream().map(ScalarsInStringFields::jsonName).map(Pattern::quote)
        .collect(Collectors.joining("|"));
    // A cheap filter: a field name followed by a value that does not start like a string or null.
    Column candidate = col("payload").rlike("\"(" + names + ")\"\\s*:\\s*[^\"\\sn]");
    List<String> declared = List.copyOf(fields);
    UserDefinedFunction kinds = functions.udf(
        (UDF1<String, String>) payload -> kinds(payload, declared), DataTypes.StringType);
    Dataset<Row> out = rows.withColumn("_string_kinds", when(candidate, kinds.apply(col("payload"))));
    for (int i = 0; i < fields.size(); i++) {
      Column kind = functions.substring(col("_string_kinds"), i + 1, 1);
      out = out
          .withColumn(Conformed.metricColumn(SCALAR, fields.get(i)), when(kind.equalTo("s"), lit(1)).otherwise(lit(0)))
          .withColumn(Conformed.metricColumn(STRUCTURE, fields.get(i)), when(kind.equalTo("j"), lit(1)).otherwise(lit(0)));
    }
    return out.drop("_string_kinds");
  }

  /** The JSON text of a field name as it appears between quotes (quotes and backslashes escaped). */
  private static String jsonName(String name) {
    return name.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * What each declared field holds at the top level of one payload, one character per field:
   * {@code s} a number or boolean, {@code j} an object or array, {@code -} anything else (a string,
   * null, absent, or a payload that is not a JSON object; those are diagnosed elsewhere).
   */
  static String kinds(String payload, List<String> fields) {
    char[] out = new char[fields.size()];
    java.util.Arrays.fill(out, '-');
    if (payload == null) {
      return new String(out);
    }
    try (JsonParser p = JSON.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new String(out);
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        int i = fields.indexOf(p.currentName());
        JsonToken value = p.nextToken();
        if (i >= 0) {
          if (value.isNumeric() || value.isBoolean()) {
            out[i] = 's';
          } else if (value.isStructStart()) {
            out[i] = 'j';
          }
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      // Not valid JSON: the payload parser quarantines it with its own reason.
    }
    return new String(out);
  }
}
