package io.feedlake.conform;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.config.JobSpec;
import io.feedlake.config.JobSpec.EventTimeFormat;
import io.feedlake.testing.LocalSpark;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pure conform steps on tiny Datasets: flatten, event time and date, dedupe. */
@ExtendWith(LocalSpark.PerClass.class)
class ConformStepsTest {
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  @Test
  void flattenTurnsNestedStructsIntoSnakeCaseColumnsAndKeepsArrays() {
    StructType device = new StructType().add("os", "string").add("osVersion", "string");
    StructType user = new StructType().add("id", "string").add("device", device);
    StructType schema =
        new StructType().add("eventId", "string").add("user", user).add("tags", DataTypes.createArrayType(DataTypes.StringType));
    Dataset<Row> input =
        spark.createDataFrame(
            List.of(RowFactory.create("e1", RowFactory.create("u1", RowFactory.create("iOS", "17.3")),
                scala.collection.JavaConverters.asScalaBuffer(List.of("a", "b")).toList())),
            schema);

    Dataset<Row> actual = Flatten.apply(input);

    StructType expectedSchema =
        new StructType().add("event_id", "string").add("user_id", "string").add("user_device_os", "string")
            .add("user_device_os_version", "string").add("tags", DataTypes.createArrayType(DataTypes.StringType));
    Dataset<Row> expected =
        spark.createDataFrame(
            List.of(RowFactory.create("e1", "u1", "iOS", "17.3",
                scala.collection.JavaConverters.asScalaBuffer(List.of("a", "b")).toList())),
            expectedSchema);
    LocalSpark.assertSameRowsInOrder(expected, actual);
  }

  @Test
  void localDateFollowsTheConfiguredZoneAcrossTheUtcDayBoundary() {
    // 2024-03-02T04:15:00Z is 2024-03-01 20:15 in Los Angeles and 2024-03-02 13:15 in Tokyo.
    long epochMs = 1709352900000L;
    Dataset<Row> df =
        spark.createDataFrame(List.of(RowFactory.create(epochMs)), new StructType().add("ts_ms", "long"));
    Dataset<Row> withTs = df.withColumn("ts", EventTime.timestamp(functions.col("ts_ms"), EventTimeFormat.EPOCH_MILLIS));

    Row r = withTs.select(
            EventTime.localDate(functions.col("ts"), ZoneId.of("America/Los_Angeles")),
            EventTime.localDate(functions.col("ts"), ZoneId.of("UTC")),
            EventTime.localDate(functions.col("ts"), ZoneId.of("Asia/Tokyo")))
        .first();

    assertThat(r.getString(0)).isEqualTo("2024-03-01");
    assertThat(r.getString(1)).isEqualTo("2024-03-02");
    assertThat(r.getString(2)).isEqualTo("2024-03-02");
  }

  @Test
  void eventTimeParsesIso8601WithOffsetsEpochSecondsAndRejectsGarbage() {
    Dataset<Row> df =
        spark.createDataFrame(
            List.of(RowFactory.create("2024-03-01T23:30:00.000-08:00"), RowFactory.create("2024-03-01T23:30:00Z"),
                RowFactory.create("yesterday")),
            new StructType().add("t", "string"));
    List<Row> rows =
        df.select(EventTime.localDate(EventTime.timestamp(functions.col("t"), EventTimeFormat.ISO8601), ZoneId.of("UTC")))
            .collectAsList();
    assertThat(rows.get(0).getString(0)).isEqualTo("2024-03-02");
    assertThat(rows.get(1).getString(0)).isEqualTo("2024-03-01");
    assertThat(rows.get(2).isNullAt(0)).isTrue();

    Row s = spark.createDataFrame(List.of(RowFactory.create(1709251200L)), new StructType().add("s", "long"))
        .select(EventTime.localDate(EventTime.timestamp(functions.col("s"), EventTimeFormat.EPOCH_SECONDS), ZoneId.of("UTC")))
        .first();
    assertThat(s.getString(0)).isEqualTo("2024-03-01");
  }

  @Test
  void dedupeKeepsTheEarliestOffsetAndFallsBackToTopicPartitionOffset() {
    StructType schema =
        new StructType().add("event_id", "string").add("kafka_topic", "string").add("kafka_partition", "int")
            .add("kafka_offset", "long").add("ok", "boolean");
    Dataset<Row> df =
        spark.createDataFrame(
            List.of(
                RowFactory.create("a", "t", 0, 12L, true),
                RowFactory.create("a", "t", 1, 10L, true), // earliest offset of key a: kept
                RowFactory.create("a", "t", 0, 30L, true),
                RowFactory.create(null, "t", 0, 40L, true), // no event id: keyed by (t, 0, 40)
                RowFactory.create(null, "t", 0, 41L, true), // different offset: not a duplicate
                RowFactory.create("a", "t", 0, 5L, false)), // not eligible: ignored by dedupe
            schema);

    Dataset<Row> ranked =
        Dedupe.rank(df, functions.col("ok"), List.of("kafka_partition", "kafka_offset"), List.of("event_id"),
            List.of("kafka_topic", "kafka_partition", "kafka_offset"),
            List.of(functions.col("kafka_offset").asc(), functions.col("kafka_partition").asc()), "rank");

    Dataset<Row> expected =
        spark.createDataFrame(
            List.of(
                RowFactory.create(12L, 2), RowFactory.create(10L, 1), RowFactory.create(30L, 3),
                RowFactory.create(40L, 1), RowFactory.create(41L, 1), RowFactory.create(5L, null)),
            new StructType().add("kafka_offset", "long").add("rank", "int"));
    LocalSpark.assertSameRows(expected, ranked.select("kafka_offset", "rank"));
  }

  private static List<Row> eventTimes(EventTimeFormat format, JobSpec.EventTimeParsing parsing, String... values) {
    List<Row> rows = new java.util.ArrayList<>();
    for (String v : values) {
      rows.add(RowFactory.create(v));
    }
    return spark.createDataFrame(rows, new StructType().add("t", "string"))
        .select(functions.date_format(EventTime.timestamp(functions.col("t"), format, parsing),
            "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"))
        .collectAsList();
  }

  @Test
  void twitterCreatedAtParsesWithAJavaTimePatternInTheRootLocale() {
    JobSpec.EventTimeParsing twitter =
        new JobSpec.EventTimeParsing("EEE MMM dd HH:mm:ss Z yyyy", java.util.Locale.ROOT, false);

    List<Row> rows = eventTimes(EventTimeFormat.PATTERN, twitter,
        "Sun Aug 31 00:29:15 +0000 2014",
        "Sat Aug 30 17:29:15 -0700 2014",
        // Aug 31 2014 was a Sunday: a contradicting day of week is refused, not ignored.
        "Mon Aug 31 00:29:15 +0000 2014",
        "Sun Feb 30 00:29:15 +0000 2014",
        "2014-08-31T00:29:15Z",
        null);

    assertThat(rows).extracting(r -> r.isNullAt(0) ? null : r.getString(0))
        .containsExactly("2014-08-31T00:29:15.000000", "2014-08-31T00:29:15.000000", null, null, null, null);
  }

  @Test
  void aPatternReadsMonthNamesInItsLocaleAndWithoutAnOffsetMeansUtc() {
    JobSpec.EventTimeParsing french = new JobSpec.EventTimeParsing("d MMMM uuuu HH:mm", java.util.Locale.FRENCH, false);
    JobSpec.EventTimeParsing dateOnly = new JobSpec.EventTimeParsing("yyyyMMdd", java.util.Locale.ROOT, false);

    assertThat(eventTimes(EventTimeFormat.PATTERN, french, "1 mars 2024 13:05", "1 March 2024 13:05"))
        .extracting(r -> r.isNullAt(0) ? null : r.getString(0))
        .containsExactly("2024-03-01T13:05:00.000000", null);
    assertThat(eventTimes(EventTimeFormat.PATTERN, dateOnly, "20240301"))
        .extracting(r -> r.getString(0)).containsExactly("2024-03-01T00:00:00.000000");
  }

  @Test
  void iso8601RefusesDateOnlyAndTimeOnlyValuesUnlessDateOnlyIsAllowed() {
    String[] values = {"2024-03-01T23:30:00Z", "2024-03-01 23:30:00", "2024-03-01", "2024-03", "T10:00:00", "10:00:00"};
    JobSpec.EventTimeParsing allowed = new JobSpec.EventTimeParsing(null, java.util.Locale.ROOT, true);

    List<Row> refused = eventTimes(EventTimeFormat.ISO8601, JobSpec.EventTimeParsing.DEFAULT, values);
    List<Row> accepted = eventTimes(EventTimeFormat.ISO8601, allowed, values);

    assertThat(refused).extracting(r -> r.isNullAt(0) ? null : r.getString(0))
        .containsExactly("2024-03-01T23:30:00.000000", "2024-03-01T23:30:00.000000", null, null, null, null);
    assertThat(accepted).extracting(r -> r.isNullAt(0) ? null : r.getString(0))
        .containsExactly("2024-03-01T23:30:00.000000", "2024-03-01T23:30:00.000000", "2024-03-01T00:00:00.000000",
            "2024-03-01T00:00:00.000000", null, null);
  }

  @Test
  void epochMicrosKeepsEveryMicrosecond() {
    Row r = spark.createDataFrame(List.of(RowFactory.create(1709251200123456L)), new StructType().add("us", "long"))
        .select(functions.date_format(EventTime.timestamp(functions.col("us"), EventTimeFormat.EPOCH_MICROS),
            "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"))
        .first();

    assertThat(r.getString(0)).isEqualTo("2024-03-01T00:00:00.123456");
  }
}
