package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a source's {@code payload} column into a struct of the declared schema, the first step of
 * {@link RecordClassifier}. Pure: adds columns to a lazy plan, no I/O, no shuffle.
 */
public interface PayloadParser {
  /** Column holding the parsed payload: a struct with the declared schema's fields. */
  String PARSED = "_p";
  /** BOOLEAN column: true when the payload does not parse with the declared schema. */
  String INVALID = "_payload_invalid";
  /** STRING column: why the payload does not parse (only computed for invalid rows). */
  String MESSAGE = "_payload_message";

  /** The reason code of rows whose payload does not parse, e.g. {@code payload_parse_error}. */
  String invalidReason();

  /**
   * Adds {@link #PARSED}, {@link #INVALID} and {@link #MESSAGE} to the rows.
   *
   * @param rows rows with a {@code payload} column
   * @param schema the declared payload schema
   */
  Dataset<Row> parse(Dataset<Row> rows, StructType schema);

  /**
   * JSON text payloads ({@code payload STRING}) parsed with Spark's {@code from_json} against the
   * declared schema (no inference, PERMISSIVE mode with a corrupt-record column). A payload that
   * is not a JSON object, or has a field of the wrong JSON type, is invalid ({@code
   * payload_parse_error}); the message names the first offending field ({@link
   * JsonPayloadDiagnosis}). A null payload is not invalid (it is a tombstone).
   */
  static PayloadParser json() {
    return JsonText.INSTANCE;
  }

  /**
   * Payloads that already are a struct of the declared schema ({@code payload STRUCT}, for
   * example records read by spark-avro with the declared schema); never invalid.
   */
  static PayloadParser typed() {
    return Typed.INSTANCE;
  }

  /** See {@link PayloadParser#json()}. */
  final class JsonText implements PayloadParser {
    private static final JsonText INSTANCE = new JsonText();
    private static final String CORRUPT = "_corrupt_payload";

    private JsonText() {}

    @Override
    public String invalidReason() {
      return "payload_parse_error";
    }

    @Override
    public Dataset<Row> parse(Dataset<Row> rows, StructType schema) {
      StructType withCorrupt = schema.add(CORRUPT, DataTypes.StringType, true);
      Dataset<Row> parsed =
          io.feedlake.conform.UnknownFieldScan.applyActive(rows, schema).withColumn(
              PARSED,
              functions.from_json(
                  col("payload"),
                  withCorrupt,
                  Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT)));
      UserDefinedFunction diagnose =
          functions.udf(
              (UDF1<String, String>) payload -> JsonPayloadDiagnosis.diagnose(payload, schema),
              DataTypes.StringType);
      return parsed
          .withColumn(
              INVALID,
              col("payload").isNotNull()
                  .and(col(PARSED).isNull().or(col(PARSED).getField(CORRUPT).isNotNull())))
          .withColumn(MESSAGE, when(col(INVALID), diagnose.apply(col("payload"))));
    }
  }

  /** See {@link PayloadParser#typed()}. */
  final class Typed implements PayloadParser {
    private static final Typed INSTANCE = new Typed();

    private Typed() {}

    @Override
    public String invalidReason() {
      return "payload_parse_error";
    }

    @Override
    public Dataset<Row> parse(Dataset<Row> rows, StructType schema) {
      return rows.withColumn(PARSED, col("payload"))
          .withColumn(INVALID, lit(false))
          .withColumn(MESSAGE, lit(null).cast("string"));
    }
  }
}
