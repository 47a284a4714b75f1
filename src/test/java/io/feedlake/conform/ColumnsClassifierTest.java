package io.feedlake.conform;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.testing.LocalSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules for units a reader has already typed (Adobe hits): the partition day from a time
 * column in a zone, a missing time, dedupe by file order, late and early hits, and the reader's
 * own reasons, as {@link ColumnsClassifier} applies them.
 */
@ExtendWith(LocalSpark.PerClass.class)
class ColumnsClassifierTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-02");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final StructType UNITS = new StructType()
      .add(Classified.SOURCE_FILE, DataTypes.StringType, false)
      .add(Classified.LINE_NUMBER, DataTypes.LongType, false)
      .add(Classified.RAW, DataTypes.StringType, true)
      .add(Classified.INVALID_UTF8, DataTypes.BooleanType, false)
      .add(Classified.LATIN1_FIELDS, DataTypes.IntegerType, false)
      .add(RecordClassifier.READ_REASON, DataTypes.StringType, true)
      .add(RecordClassifier.READ_MESSAGE, DataTypes.StringType, true)
      .add("hitid", DataTypes.LongType, true)
      .add("date_time", DataTypes.TimestampType, true)
      .add("hit_time_utc", DataTypes.TimestampType, true);
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  /** A hit whose date_time is {@code local} in New York and whose hit_time_gmt is the same instant. */
  private static Row hit(long line, long id, String local) {
    Timestamp t = local == null ? null
        : Timestamp.from(java.time.LocalDateTime.parse(local).atZone(NEW_YORK).toInstant());
    return RowFactory.create("f.tsv", line, "raw " + line, false, 0, null, null, id, t, t);
  }

  private static List<Row> classify(UnitShape.EventDay day, List<String> key, Row... hits) {
    Dataset<Row> units = spark.createDataFrame(List.of(hits), UNITS);
    Classifier c = Classifier.of(new UnitShape.Columns(List.of("hitid", "date_time", "hit_time_utc"), day, key), null);
    return c.classify(units, DAY).orderBy(Classified.LINE_NUMBER)
        .select("date", Classified.DISPOSITION, Classified.REASON, Classified.STAGE, Classified.MESSAGE, Classified.RAW)
        .collectAsList();
  }

  private static UnitShape.EventDay local() {
    return new UnitShape.EventDay("date_time", NEW_YORK, "date_time",
        new UnitShape.DayWording("hit day", "local day of date_time in America/New_York", "delivery date"));
  }

  private static UnitShape.EventDay utc() {
    return new UnitShape.EventDay("hit_time_utc", ZoneOffset.UTC, "hit_time_gmt",
        new UnitShape.DayWording("hit day", "UTC day of hit_time_gmt", "delivery date"));
  }

  @Test
  void localAndUtcPartitionDaysDifferLateInTheEvening() {
    Row late = hit(1, 1, "2024-03-02T23:30:00");

    assertThat(classify(local(), List.of(), late)).extracting(Row::toString)
        .containsExactly("[2024-03-02,written,null,null,null,null]");
    assertThat(classify(utc(), List.of(), late)).extracting(Row::toString)
        .containsExactly("[2024-03-03,quarantined,early_event,conform,hit day 2024-03-03 (UTC day of hit_time_gmt)"
            + " is after the delivery date 2024-03-02,raw 1]");
  }

  @Test
  void aHitWithoutItsDayColumnIsMissingEventTime() {
    assertThat(classify(local(), List.of(), hit(7, 1, null))).extracting(Row::toString)
        .containsExactly("[null,quarantined,missing_event_time,conform,record 7 has no date_time to decide its day,"
            + "raw 7]");
  }

  @Test
  void withoutAnyTimeColumnEveryHitGetsTheDeliveryDate() {
    UnitShape.EventDay none = new UnitShape.EventDay(null, NEW_YORK, null,
        new UnitShape.DayWording("hit day", "the delivery date", "delivery date"));

    assertThat(classify(none, List.of(), hit(1, 1, null), hit(2, 1, "2024-01-01T00:00:00")))
        .extracting(r -> r.getString(0) + " " + r.getString(1))
        .containsExactly("2024-03-02 written", "2024-03-02 written");
  }

  @Test
  void theFirstHitOfAKeyByFileOrderIsKeptAndLateOnesAreQuarantined() {
    List<Row> rows = classify(local(), List.of("hitid"),
        hit(1, 5, "2024-03-02T10:00:00"), hit(2, 5, "2024-03-02T11:00:00"), hit(3, 6, "2024-03-01T23:00:00"));

    assertThat(rows).extracting(Row::toString).containsExactly(
        "[2024-03-02,written,null,null,null,null]",
        "[2024-03-02,duplicate,duplicate,null,null,null]",
        "[2024-03-01,quarantined,late_event,conform,hit day 2024-03-01 (local day of date_time in America/New_York)"
            + " is before the delivery date 2024-03-02,raw 3]");
  }

  @Test
  void theReadersReasonIsKept() {
    Row blank = RowFactory.create("f.tsv", 4L, "", false, 0, "blank", "empty line 4", null, null, null);
    Row wrong = RowFactory.create("f.tsv", 5L, "a\tb", false, 0, "wrong_field_count", "record 5 has 2 fields",
        null, null, null);

    assertThat(classify(local(), List.of("hitid"), blank, wrong)).extracting(Row::toString).containsExactly(
        "[null,skipped,blank,null,empty line 4,]",
        "[null,quarantined,wrong_field_count,read,record 5 has 2 fields,a\tb]");
  }
}
