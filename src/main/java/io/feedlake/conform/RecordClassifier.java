package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.feedlake.config.ConfigException;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.conform.UnitShape.Origin;
import io.feedlake.layout.PartitionLayout;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Decides, for every input unit of a source (a line or a record), where it goes: written to the
 * date's partition, removed as a duplicate, quarantined (with a reason code, stage and message),
 * filtered (tombstones) or skipped (lines that are not records). Shared by every source whose
 * units carry one payload: the Kafka dumps (kcat, console-consumer, Kafka Connect S3 sink) and
 * delimited logs. Pure: builds a lazy plan and does no I/O. The plan shuffles once
 * (deduplication).
 *
 * <p>Input columns: {@code _source_file STRING, _line_number BIGINT, _read_reason STRING} (null
 * for a record; otherwise why the reader rejected or skipped the unit), {@code _read_message
 * STRING, _raw_line STRING, _invalid_utf8 BOOLEAN}, {@code payload} (as the {@link PayloadParser}
 * expects it) and the {@link Origin}'s columns.
 *
 * <p>Output: the flattened payload columns, the origin's output columns, {@code date STRING}, and
 * the internal columns of {@link Classified}.
 *
 * <p>Rules, in order: units the reader skipped ({@link #SKIP_REASONS}) are skipped, units it
 * rejected are quarantined with its reason; a null payload is a tombstone (filtered); a payload
 * that does not parse with the declared schema is quarantined (the parser's reason); a missing or
 * unparseable event time is quarantined ({@code missing_event_time}, {@code invalid_event_time});
 * among the remaining records with the same dedupe key the first in the origin's order is kept
 * and the others are duplicates; a kept record whose event date is not the ingested date is
 * quarantined ({@code late_event} or {@code early_event}). The last two rules, and the
 * disposition, stage and message of every reason, are {@link Outcomes}', shared with the Adobe
 * source.
 */
public final class RecordClassifier implements Classifier {
  /** Reasons the reader gives for units that are not records; they are counted as skipped. */
  public static final Set<String> SKIP_REASONS = Outcomes.SKIP_REASONS;

  /** Input column: why the reader skipped or rejected a unit; null for a record ({@link UnitShape#READ_REASON}). */
  public static final String READ_REASON = UnitShape.READ_REASON;
  /** Input column: the reader's explanation of {@link #READ_REASON} ({@link UnitShape#READ_MESSAGE}). */
  public static final String READ_MESSAGE = UnitShape.READ_MESSAGE;

  private final StructType payloadSchema;
  private final ConformSpec conform;
  private final PayloadParser parser;
  private final Origin origin;
  private final Map<String, List<String>> writtenCounts;

  /**
   * The classifier of a payload shape ({@link Classifier#of}).
   *
   * @param shape the payload schema, parser, origin and run metrics of the source's units
   * @param conform event time and dedupe settings
   * @throws ConfigException as {@link #RecordClassifier(StructType, ConformSpec, PayloadParser,
   *     Origin)}
   */
  public RecordClassifier(UnitShape.Payload shape, ConformSpec conform) {
    this(shape.schema(), conform, shape.parser(), shape.origin(), shape.writtenCounts());
  }

  /**
   * @param payloadSchema the declared payload schema
   * @param conform event time and dedupe settings
   * @param parser how the {@code payload} column is parsed
   * @param origin what the units are (decides the extra columns and the dedupe order)
   * @throws ConfigException when the event-time field or a dedupe key column is not a flattened
   *     payload column, or a payload column collides with a column feedlake adds
   */
  public RecordClassifier(
      StructType payloadSchema, ConformSpec conform, PayloadParser parser, Origin origin) {
    this(payloadSchema, conform, parser, origin, Map.of());
  }

  private RecordClassifier(StructType payloadSchema, ConformSpec conform, PayloadParser parser, Origin origin,
      Map<String, List<String>> writtenCounts) {
    this.payloadSchema = payloadSchema;
    this.conform = conform;
    this.parser = parser;
    this.origin = origin;
    this.writtenCounts = Map.copyOf(writtenCounts);
    validate();
  }

  private void validate() {
    List<String> problems = new ArrayList<>();
    List<String> paths = Flatten.paths(payloadSchema);
    for (String path : conform.payloadNames().keySet()) {
      if (!paths.contains(path)) {
        problems.add("source.rename.\"" + path + "\": no payload field '" + path + "' in the declared schema "
            + "(fields: " + paths + ")");
      } else if (!Flatten.leafPaths(payloadSchema).contains(path)) {
        problems.add("source.rename.\"" + path + "\": '" + path + "' is a struct; rename its fields one by one");
      }
    }
    for (String path : conform.payloadDrops()) {
      if (!paths.contains(path)) {
        problems.add("source.drop: no payload field '" + path + "' in the declared schema (fields: " + paths + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Map<String, String> names = flattenedNames();
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
    List<String> reserved = origin.outputColumns();
    for (String n : names.keySet()) {
      if (reserved.contains(n) || n.equals(PartitionLayout.PARTITION_COLUMN) || n.startsWith("_")) {
        problems.add("source.schema: payload column '" + n + "' (from " + names.get(n)
            + ") collides with a column feedlake adds or reserves (" + reserved
            + ", date, names starting with _); rename the field with source.rename { \"" + names.get(n)
            + "\" = new_name } or leave it out with source.drop = [\"" + names.get(n) + "\"]");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** Flattened payload column names (after {@code source.rename} and {@code source.drop}), in output order. */
  public List<String> payloadColumns() {
    return List.copyOf(flattenedNames().keySet());
  }

  private Map<String, String> flattenedNames() {
    return Flatten.flattenedNames(payloadSchema, conform.payloadNames(), conform.payloadDrops());
  }

  /** Output columns in order: the flattened payload, then the origin's columns. */
  @Override
  public List<String> outputColumns() {
    List<String> out = new ArrayList<>(payloadColumns());
    out.addAll(origin.outputColumns());
    return out;
  }

  /**
   * Builds the classification plan for one date.
   *
   * @param input rows with the input columns described above
   * @param date the date being ingested; kept records of other event dates are quarantined
   */
  @Override
  public Dataset<Row> classify(Dataset<Row> input, LocalDate date) {
    // Only where the payload's top level is the declared schema (JSON text parsed as a whole): a
    // Debezium value is an envelope whose before image is kept as JSON text on purpose.
    Dataset<Row> units = parser == PayloadParser.json() ? ScalarsInStringFields.count(input, payloadSchema) : input;
    Dataset<Row> parsed = parser.parse(units, payloadSchema);
    List<Column> cols = new ArrayList<>();
    for (String c : units.columns()) {
      if (!c.equals("payload")) {
        cols.add(col(c));
      }
    }
    cols.add(col("payload").isNull().alias("_payload_null"));
    for (String f : payloadSchema.fieldNames()) {
      cols.add(col(PayloadParser.PARSED).getField(f).alias(f));
    }
    cols.add(col(PayloadParser.INVALID));
    cols.add(col(PayloadParser.MESSAGE));
    cols.addAll(io.feedlake.conform.UnknownFieldScan.carried(parsed.columns()));
    Dataset<Row> flat =
        Flatten.apply(parsed.select(cols.toArray(Column[]::new)), conform.payloadNames(), conform.payloadDrops());

    Column eventRaw = col(conform.field());
    Column eventTs = EventTime.timestamp(eventRaw, conform.format(), conform.parsing());
    Column preReason =
        when(col(READ_REASON).isNotNull(), col(READ_REASON))
            .when(col("_payload_null"), lit("tombstone"))
            .when(col(PayloadParser.INVALID), lit(parser.invalidReason()))
            .when(eventRaw.isNull(), lit("missing_event_time"))
            .when(eventTs.isNull(), lit("invalid_event_time"));
    Column preMessage =
        when(col(READ_REASON).isNotNull(), col(READ_MESSAGE))
            .when(preReason.equalTo(parser.invalidReason()), col(PayloadParser.MESSAGE))
            .when(preReason.equalTo("missing_event_time"),
                lit("event time field '" + conform.field() + "' is missing or null"))
            .when(preReason.equalTo("invalid_event_time"),
                concat(lit("cannot parse event time field '" + conform.field() + "' value '"),
                    eventRaw.cast("string"),
                    lit("' as " + EventTime.describe(conform.format(), conform.parsing()))));
    Dataset<Row> withTime =
        flat.withColumn("event_ts", eventTs)
            .withColumn(PartitionLayout.PARTITION_COLUMN, EventTime.localDate(col("event_ts"), conform.zone()))
            .withColumn(Outcomes.PRE_REASON, preReason)
            .withColumn(Outcomes.PRE_MESSAGE, preMessage);
    if (origin == Origin.KAFKA) {
      withTime =
          withTime
              .withColumn("kafka_timestamp", functions.timestamp_millis(col("kafka_timestamp_ms")))
              .withColumn("_no_offset",
                  when(col("kafka_offset").isNull(),
                      functions.concat_ws(":", col(Classified.SOURCE_FILE), col(Classified.LINE_NUMBER))));
    }
    Dataset<Row> out = rankDuplicates(withTime);
    for (Map.Entry<String, Column> c :
        Outcomes.columns(date, new UnitShape.DayWording("event date", conform.zone().getId(), "dump date")).entrySet()) {
      out = out.withColumn(c.getKey(), c.getValue());
    }
    List<String> drop =
        new ArrayList<>(List.of(Outcomes.PRE_REASON, Outcomes.PRE_MESSAGE, Outcomes.DUP_RANK, "_payload_null",
            PayloadParser.INVALID, PayloadParser.MESSAGE, READ_REASON, READ_MESSAGE));
    if (origin == Origin.KAFKA) {
      drop.addAll(List.of("kafka_timestamp_ms", "_no_offset"));
    }
    out = out.drop(drop.toArray(String[]::new));
    Column written = col(Classified.DISPOSITION).equalTo(Classified.WRITTEN);
    for (Map.Entry<String, List<String>> count : new java.util.TreeMap<>(writtenCounts).entrySet()) {
      for (String value : count.getValue()) {
        out = out.withColumn(Conformed.metricColumn(count.getKey(), value),
            when(written.and(col(count.getKey()).equalTo(value)), lit(1)).otherwise(lit(0)));
      }
    }
    return out;
  }

  private Dataset<Row> rankDuplicates(Dataset<Row> rows) {
    List<String> identity = List.of(Classified.SOURCE_FILE, Classified.LINE_NUMBER);
    List<Column> fileOrder = new ArrayList<>();
    if (conform.keep() == io.feedlake.config.JobSpec.DedupeKeep.LATEST_TIMESTAMP) {
      fileOrder.add(col("event_ts").desc_nulls_last());
    }
    fileOrder.addAll(List.of(col(Classified.SOURCE_FILE).asc(), col(Classified.LINE_NUMBER).asc()));
    if (origin == Origin.KAFKA) {
      // A dump without offsets (console-consumer without print.offset) keys each record by its
      // file and line instead, so that records with a null offset never collide.
      List<Column> order = new ArrayList<>();
      if (conform.keep() == io.feedlake.config.JobSpec.DedupeKeep.LATEST_TIMESTAMP) {
        order.add(col("event_ts").desc_nulls_last());
      }
      order.addAll(List.of(col("kafka_offset").asc(), col("kafka_partition").asc()));
      order.addAll(fileOrder.subList(fileOrder.size() - 2, fileOrder.size()));
      return Dedupe.rank(rows, col(Outcomes.PRE_REASON).isNull(), identity, conform.dedupeKey(),
          List.of("kafka_topic", "kafka_partition", "kafka_offset", "_no_offset"), order, Outcomes.DUP_RANK);
    }
    return Dedupe.rank(rows, col(Outcomes.PRE_REASON).isNull(), identity, conform.dedupeKey(), identity,
        fileOrder, Outcomes.DUP_RANK);
  }
}
