package io.feedlake.source.kafka;

import io.feedlake.ingest.Classification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.feedlake.config.JobSpec;
import io.feedlake.conform.Classified;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.Sources;
import io.feedlake.testing.Fixtures;
import io.feedlake.testing.LocalSpark;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kafka-console fixture (fixtures/kafka-console, made by make_text_fixtures.py, which lists
 * every line's expected outcome) through the source and the shared classifier.
 */
@ExtendWith(LocalSpark.PerClass.class)
class KafkaConsoleSourceTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-01");
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass
  private static Classification source;
  private static Dataset<Row> classified;

  @BeforeAll
  static void classify() {
    JobSpec job = Fixtures.job("console_clicks");
    source = Classification.of(Sources.create(job), job);
    List<InputFile> files = source.source().list(spark.sparkContext().hadoopConfiguration(), DAY);
    classified = source.classify(spark, files, DAY).cache();
  }

  @Test
  void everyLineHasTheFixturesOutcome() {
    assertThat(Fixtures.outcomes(classified)).containsExactly(
        entry("duplicate", 1L),
        entry("filtered/tombstone", 1L),
        entry("quarantined/late_event", 1L),
        entry("quarantined/line_parse_error", 4L),
        entry("quarantined/missing_event_time", 1L),
        entry("quarantined/payload_parse_error", 2L),
        entry("skipped/blank", 1L),
        entry("skipped/stderr", 1L),
        entry("written", 6L));
  }

  @Test
  void writtenRowsCarryThePrintedMetadata() {
    List<Row> rows = Classified.written(classified, source.outputColumns())
        .orderBy("kafka_partition", "kafka_offset")
        .select("event_id", "kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp_type",
            "kafka_timestamp", "kafka_key", "kafka_headers", "campaign_channel", "date")
        .collectAsList();

    assertThat(rows).extracting(r -> r.getString(0), r -> r.getInt(2), r -> r.getLong(3), r -> r.getString(4),
            r -> r.get(6))
        .containsExactly(
            tuple("c-001", 0, 1000L, "create", "u1"),
            tuple("c-002", 0, 1001L, "create", "u2"),
            tuple("c-003", 0, 1002L, "logappend", null),
            tuple("c-005", 0, 1005L, null, "u4"),
            tuple("c-101", 1, 500L, "create", "u9"),
            tuple("c-102", 1, 501L, "create", "u10"));
    Row first = rows.get(0);
    assertThat(first.getString(1)).isEqualTo("ad_clicks");
    assertThat(first.getTimestamp(5).toInstant().toString()).isEqualTo("2024-03-01T09:15:00Z");
    assertThat(first.getList(7)).isEmpty();
    assertThat(first.getString(8)).isEqualTo("search");
    assertThat(first.getString(9)).isEqualTo("2024-03-01");
    assertThat(rows.get(1).<Row>getList(7)).extracting(h -> h.getString(0), h -> h.getString(1))
        .containsExactly(tuple("trace_id", "7f3a"), tuple("source", "ios-app"));
    assertThat(rows.get(2).<Row>getList(7)).extracting(h -> h.getString(0), h -> h.get(1))
        .containsExactly(tuple("retry", null));
    assertThat(rows.get(3).isNullAt(5)).as("NO_TIMESTAMP").isTrue();
  }

  @Test
  void quarantinedLinesSayWhichFieldFailedWithFileAndLine() {
    List<Row> rows = Classified.quarantined(classified, DAY, "run-1")
        .where("reason IN ('line_parse_error', 'payload_parse_error')")
        .orderBy("source_file", "line_number")
        .select("source_file", "line_number", "kafka_partition", "kafka_offset", "stage", "reason", "message")
        .collectAsList();

    assertThat(rows).extracting(r -> r.getString(0).replaceAll(".*/", ""), r -> r.getLong(1), r -> r.get(2),
            r -> r.get(3), r -> r.getString(4), r -> r.getString(5))
        .containsExactly(
            tuple("ad_clicks-p0.txt", 7L, 0, 1006L, "parse", "payload_parse_error"),
            tuple("ad_clicks-p0.txt", 8L, null, null, "read", "line_parse_error"),
            tuple("ad_clicks-p0.txt", 9L, null, null, "read", "line_parse_error"),
            tuple("ad_clicks-p1.txt.gz", 3L, null, null, "read", "line_parse_error"),
            tuple("ad_clicks-p1.txt.gz", 4L, null, null, "read", "line_parse_error"),
            tuple("ad_clicks-p1.txt.gz", 5L, 1, 504L, "parse", "payload_parse_error"));
    assertThat(rows).extracting(r -> r.getString(6)).containsExactly(
        "payload is not valid JSON: Unexpected end-of-input: was expecting closing quote for a string value",
        "expected 6 fields [timestamp, partition, offset, headers, key, value] separated by TAB, found 1",
        "field 1 (timestamp): expected CreateTime:<ms>, LogAppendTime:<ms> or NO_TIMESTAMP, got 'CreateTime:17092x'",
        "field 2 (partition): expected Partition:<partition>, got 'Partition:one'",
        "field 4 (headers): header 'source' is not name:value (headers are name:value pairs separated by ',', "
            + "or NO_HEADERS)",
        "field 'cost_micros': expected bigint, got string \"cheap\"");
  }
}
