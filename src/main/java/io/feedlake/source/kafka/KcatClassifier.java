package io.feedlake.source.kafka;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.feedlake.config.ConfigException;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.conform.Dedupe;
import io.feedlake.conform.EventTime;
import io.feedlake.conform.Flatten;
import io.feedlake.layout.PartitionLayout;
import io.feedlake.source.JsonPayloadDiagnosis;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decides, for every line of a kcat dump, where it goes: written to the date's partition, removed
 * as a duplicate, quarantined (with a reason code, stage and message), filtered (tombstones) or
 * skipped (stderr and blank lines). Pure: builds a lazy plan over the rows of {@link
 * KcatJsonSource#lines} and does no I/O. The plan shuffles once (deduplication).
 *
 * <p>Output: the flattened payload columns, {@link #OUTPUT_META} columns, {@code date STRING},
 * and the internal columns of {@link io.feedlake.source.Classified}.
 *
 * <p>Rules, in order: stderr/blank lines are skipped; an invalid envelope is quarantined ({@code
 * envelope_parse_error}); a null payload is a tombstone (filtered); a payload that does not parse
 * with the declared schema is quarantined ({@code payload_parse_error}); a missing or unparseable
 * event time is quarantined ({@code missing_event_time}, {@code invalid_event_time}); among the
 * remaining records with the same dedupe key the lowest Kafka offset is kept and the others are
 * duplicates; a kept record whose event date is not the dump date is quarantined ({@code
 * late_event} or {@code early_event}).
 */
public final class KcatClassifier {
  /** Columns added by feedlake to every written row, besides the payload and {@code date}. */
  public static final List<String> OUTPUT_META =
      List.of(
          "event_ts",
          "kafka_topic",
          "kafka_partition",
          "kafka_offset",
          "kafka_timestamp",
          "kafka_timestamp_type",
          "kafka_key",
          "kafka_headers");

  private static final String CORRUPT = "_corrupt_payload";
  private static final Set<String> SKIP_REASONS = Set.of("stderr", "blank");

  private final StructType payloadSchema;
  private final ConformSpec conform;

  /**
   * @param payloadSchema the declared payload schema
   * @param conform event time and dedupe settings
   * @throws ConfigException when the event-time field or a dedupe key column is not a flattened
   *     payload column, or a payload column collides with a column feedlake adds
   */
  public KcatClassifier(StructType payloadSchema, ConformSpec conform) {
    this.payloadSchema = payloadSchema;
    this.conform = conform;
    validate();
  }

  private void validate() {
    Map<String, String> names = Flatten.flattenedNames(payloadSchema);
    List<String> problems = new ArrayList<>();
    if (!names.containsKey(conform.field())) {
      problems.add("conform.event-time.field: '" + conform.field()
          + "' is not a column of the flattened payload (columns: " + names.keySet() + ")");
    }
    for (String k : conform.dedupeKey()) {
      if (!names.containsKey(k)) {
        problems.add("conform.dedupe.key: '" + k
            + "' is not a column of the flattened payload (columns: " + names.keySet() + ")");
      }
    }
    for (String n : names.keySet()) {
      if (OUTPUT_META.contains(n) || n.equals(PartitionLayout.PARTITION_COLUMN) || n.startsWith("_")) {
        problems.add("source.schema: payload column '" + n + "' (from " + names.get(n)
            + ") collides with a column feedlake adds or reserves (" + OUTPUT_META
            + ", date, names starting with _)");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** Flattened payload column names, in output order. */
  public List<String> payloadColumns() {
    return List.copyOf(Flatten.flattenedNames(payloadSchema).keySet());
  }

  /**
   * Builds the classification plan for one dump date.
   *
   * @param lines rows shaped as {@link KcatJsonSource#LINE_SCHEMA}
   * @param dumpDate the date being ingested; kept records of other event dates are quarantined
   */
  public Dataset<Row> classify(Dataset<Row> lines, LocalDate dumpDate) {
    StructType withCorrupt = payloadSchema.add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> parsed =
        lines.withColumn(
            "_p",
            functions.from_json(
                col("payload"),
                withCorrupt,
                Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT)));
    List<Column> cols = new ArrayList<>();
    for (String c : KcatJsonSource.LINE_SCHEMA.fieldNames()) {
      cols.add(col(c));
    }
    for (String f : payloadSchema.fieldNames()) {
      cols.add(col("_p").getField(f).alias(f));
    }
    cols.add(col("_p").isNull().or(col("_p").getField(CORRUPT).isNotNull()).alias("_payload_invalid"));
    Dataset<Row> flat = Flatten.apply(parsed.select(cols.toArray(Column[]::new)));

    Column eventRaw = col(conform.field());
    Column eventTs = EventTime.timestamp(eventRaw, conform.format());
    String kind = "_line_kind";
    Column preReason =
        when(col(kind).equalTo("STDERR"), lit("stderr"))
            .when(col(kind).equalTo("BLANK"), lit("blank"))
            .when(col(kind).equalTo("INVALID"), lit("envelope_parse_error"))
            .when(col("payload").isNull(), lit("tombstone"))
            .when(col("_payload_invalid"), lit("payload_parse_error"))
            .when(eventRaw.isNull(), lit("missing_event_time"))
            .when(eventTs.isNull(), lit("invalid_event_time"));
    Dataset<Row> withTime =
        flat.withColumn("event_ts", eventTs)
            .withColumn("kafka_timestamp", functions.timestamp_millis(col("kafka_timestamp_ms")))
            .withColumn(PartitionLayout.PARTITION_COLUMN, EventTime.localDate(col("event_ts"), conform.zone()))
            .withColumn("_pre_reason", preReason);
    Dataset<Row> ranked =
        Dedupe.rank(
            withTime,
            col("_pre_reason").isNull(),
            List.of("_source_file", "_line_number"),
            conform.dedupeKey(),
            List.of("kafka_topic", "kafka_partition", "kafka_offset"),
            List.of(col("kafka_offset").asc(), col("kafka_partition").asc(),
                col("_source_file").asc(), col("_line_number").asc()),
            "_dup_rank");

    String d = dumpDate.toString();
    Column date = col(PartitionLayout.PARTITION_COLUMN);
    Column reason =
        when(col("_pre_reason").isNotNull(), col("_pre_reason"))
            .when(col("_dup_rank").gt(1), lit("duplicate"))
            .when(date.lt(lit(d)), lit("late_event"))
            .when(date.gt(lit(d)), lit("early_event"));
    Column disposition =
        when(reason.isNull(), lit("written"))
            .when(reason.isin(SKIP_REASONS.toArray()), lit("skipped"))
            .when(reason.equalTo("tombstone"), lit("filtered"))
            .when(reason.equalTo("duplicate"), lit("duplicate"))
            .otherwise(lit("quarantined"));
    Column stage =
        when(reason.equalTo("envelope_parse_error"), lit("read"))
            .when(reason.equalTo("payload_parse_error"), lit("parse"))
            .when(reason.isin("missing_event_time", "invalid_event_time", "late_event", "early_event"),
                lit("conform"));
    UserDefinedFunction diagnose = diagnosis(payloadSchema);
    String field = conform.field();
    Column message =
        when(reason.equalTo("envelope_parse_error"), col("_line_error"))
            .when(reason.equalTo("payload_parse_error"), diagnose.apply(col("payload")))
            .when(reason.equalTo("missing_event_time"),
                lit("event time field '" + field + "' is missing or null"))
            .when(reason.equalTo("invalid_event_time"),
                concat(lit("cannot parse event time field '" + field + "' value '"),
                    eventRaw.cast("string"), lit("' as " + conform.format().name().toLowerCase(java.util.Locale.ROOT))))
            .when(reason.equalTo("late_event"),
                concat(lit("event date "), date, lit(" (" + conform.zone().getId() + ") is before the dump date " + d)))
            .when(reason.equalTo("early_event"),
                concat(lit("event date "), date, lit(" (" + conform.zone().getId() + ") is after the dump date " + d)));
    return ranked
        .withColumn("_reason", reason)
        .withColumn("_disposition", disposition)
        .withColumn("_stage", stage)
        .withColumn("_message", message)
        .drop("_pre_reason", "_dup_rank", "_payload_invalid", "payload", "kafka_timestamp_ms");
  }

  private static UserDefinedFunction diagnosis(StructType schema) {
    return functions.udf(
        (UDF1<String, String>) payload -> JsonPayloadDiagnosis.diagnose(payload, schema),
        DataTypes.StringType);
  }

  /** Output columns in order: the flattened payload, then {@link #OUTPUT_META}. */
  public List<String> outputColumns() {
    List<String> out = new ArrayList<>(payloadColumns());
    out.addAll(OUTPUT_META);
    return out;
  }
}
