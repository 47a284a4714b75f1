package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.feedlake.layout.PartitionLayout;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The internal columns every {@link Classifier#classify} plan carries, and the quarantine table
 * built from them. Internal columns start with {@code _} and are never written to beta.
 *
 * <p>{@code _disposition} is one of {@code written, duplicate, quarantined, filtered, skipped};
 * {@code _reason} is the reason code (null for written rows); {@code _stage} is where the row was
 * set aside ({@code read, parse, conform}); {@code _message} explains it; {@code _source_file},
 * {@code _line_number} (line or record index, 1-based), {@code _raw_line} (the raw text) and
 * {@code _invalid_utf8} locate and preserve the input. Sources that decode invalid UTF-8 fields as
 * ISO-8859-1 instead (Adobe) may add {@code _latin1_fields INT}, the number of such fields in the
 * row; the run counts sum it.
 */
public final class Classified {
  public static final String DISPOSITION = "_disposition";
  public static final String REASON = "_reason";
  public static final String STAGE = "_stage";
  public static final String MESSAGE = "_message";
  public static final String SOURCE_FILE = "_source_file";
  public static final String LINE_NUMBER = "_line_number";
  public static final String RAW = "_raw_line";
  public static final String INVALID_UTF8 = "_invalid_utf8";
  public static final String LATIN1_FIELDS = "_latin1_fields";

  /** Dispositions. */
  public static final String WRITTEN = "written";
  public static final String DUPLICATE = "duplicate";
  public static final String QUARANTINED = "quarantined";
  public static final String FILTERED = "filtered";
  public static final String SKIPPED = "skipped";

  private Classified() {}

  /** The rows to write: {@code outputColumns} and {@code date}, in that order. */
  public static Dataset<Row> written(Dataset<Row> classified, List<String> outputColumns) {
    Column[] cols =
        java.util.stream.Stream.concat(outputColumns.stream(), java.util.stream.Stream.of(PartitionLayout.PARTITION_COLUMN))
            .map(c -> col(c))
            .toArray(Column[]::new);
    return classified.filter(col(DISPOSITION).equalTo(WRITTEN)).select(cols);
  }

  /**
   * Quarantined rows in the quarantine table's shape: {@code raw_record STRING, source_file
   * STRING, line_number BIGINT, kafka_partition INT, kafka_offset BIGINT, event_date STRING, stage
   * STRING, reason STRING, message STRING, run_id STRING, date STRING}. {@code date} is the date
   * being ingested; {@code event_date} the record's own date when known; Kafka columns are null
   * for sources without them.
   */
  public static Dataset<Row> quarantined(Dataset<Row> classified, LocalDate date, String runId) {
    List<String> present = Arrays.asList(classified.columns());
    return classified
        .filter(col(DISPOSITION).equalTo(QUARANTINED))
        .select(
            col(RAW).alias("raw_record"),
            col(SOURCE_FILE).alias("source_file"),
            col(LINE_NUMBER).alias("line_number"),
            (present.contains("kafka_partition") ? col("kafka_partition") : lit(null).cast("int")).alias("kafka_partition"),
            (present.contains("kafka_offset") ? col("kafka_offset") : lit(null).cast("long")).alias("kafka_offset"),
            col(PartitionLayout.PARTITION_COLUMN).alias("event_date"),
            col(STAGE).alias("stage"),
            col(REASON).alias("reason"),
            col(MESSAGE).alias("message"),
            lit(runId).alias("run_id"),
            lit(date.toString()).alias(PartitionLayout.PARTITION_COLUMN));
  }
}
