package io.feedlake.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.config.JobSpec.EventTimeFormat;
import io.feedlake.conform.Classified;
import io.feedlake.source.InputFile;
import io.feedlake.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every classification rule on a hand-written kcat dump read from a plain and a gzip file. */
@ExtendWith(LocalSpark.PerClass.class)
class KcatClassifierTest {
  private static final String SCHEMA = "event_id STRING, ts BIGINT, clicks INT, user STRUCT<countryCode: STRING>";
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  private static String line(int partition, long offset, String payloadJson) {
    String payload = payloadJson == null ? "null" : "\"" + payloadJson.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return "{\"topic\":\"t\",\"partition\":" + partition + ",\"offset\":" + offset
        + ",\"tstype\":\"create\",\"ts\":1709290000000,\"broker\":1,\"key\":\"k\",\"payload\":" + payload + "}";
  }

  // 2024-03-01T12:00:00Z and 2024-02-29T12:00:00Z in epoch ms.
  private static final long MAR1 = 1709294400000L;
  private static final long FEB29 = 1709208000000L;

  @Test
  void classifiesEveryLineAndExplainsEachQuarantinedOne(@TempDir Path dir) throws IOException {
    Path plain = dir.resolve("t-p0.json");
    Files.writeString(plain, String.join("\n",
        line(0, 1, "{\"event_id\":\"a\",\"ts\":" + MAR1 + ",\"clicks\":1,\"user\":{\"countryCode\":\"US\"}}"),
        line(0, 2, "{\"event_id\":\"a\",\"ts\":" + MAR1 + ",\"clicks\":1,\"user\":{\"countryCode\":\"US\"}}"),
        "% Reached end of topic t [0] at offset 3",
        line(0, 3, null),
        line(0, 4, "{\"event_id\":\"b\",\"ts\":" + MAR1 + ",\"clicks\":\"seven\"}"),
        "{\"topic\":\"t\",\"partition\":0,\"offs",
        line(0, 5, "{\"event_id\":\"c\",\"clicks\":2}"),
        line(0, 6, "{\"event_id\":\"d\",\"ts\":" + FEB29 + ",\"clicks\":3}"),
        "") + "\n", StandardCharsets.UTF_8);
    Path gz = dir.resolve("t-p1.json.gz");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write((line(1, 7, "{\"event_id\":\"e\",\"ts\":" + MAR1 + ",\"clicks\":4}") + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Files.write(gz, bytes.toByteArray());

    KcatClassifier classifier =
        new KcatClassifier(StructType.fromDDL(SCHEMA),
            new ConformSpec("ts", EventTimeFormat.EPOCH_MILLIS, ZoneId.of("UTC"), List.of("event_id")));
    Dataset<Row> lines =
        KcatJsonSource.lines(spark, List.of(new InputFile(plain.toUri().toString(), Files.size(plain)),
            new InputFile(gz.toUri().toString(), Files.size(gz))));
    List<Row> rows =
        classifier.classify(lines, LocalDate.parse("2024-03-01"))
            .orderBy("_source_file", "_line_number")
            .select("_line_number", "_disposition", "_reason", "_stage", "_message", "user_country_code")
            .collectAsList();

    assertThat(rows)
        .extracting(r -> r.getLong(0), r -> r.getString(1), r -> r.getString(2), r -> r.getString(3))
        .containsExactly(
            tuple(1L, "written", null, null),
            tuple(2L, "duplicate", "duplicate", null),
            tuple(3L, "skipped", "stderr", null),
            tuple(4L, "filtered", "tombstone", null),
            tuple(5L, "quarantined", "payload_parse_error", "parse"),
            tuple(6L, "quarantined", "envelope_parse_error", "read"),
            tuple(7L, "quarantined", "missing_event_time", "conform"),
            tuple(8L, "quarantined", "late_event", "conform"),
            tuple(9L, "skipped", "blank", null),
            tuple(1L, "written", null, null));
    assertThat(rows.get(0).getString(5)).isEqualTo("US");
    assertThat(rows.get(4).getString(4)).isEqualTo("field 'clicks': expected int, got string \"seven\"");
    assertThat(rows.get(5).getString(4)).startsWith("not valid JSON: Unexpected end-of-input");
    assertThat(rows.get(6).getString(4)).isEqualTo("event time field 'ts' is missing or null");
    assertThat(rows.get(7).getString(4)).isEqualTo("event date 2024-02-29 (UTC) is before the dump date 2024-03-01");
  }

  @Test
  void quarantinedRowsKeepTheRawLineFileAndLineNumber(@TempDir Path dir) throws IOException {
    Path plain = dir.resolve("t-p0.json");
    String bad = "{\"topic\":\"t\",\"partition\":0,\"offs";
    Files.writeString(plain, line(0, 1, "{\"event_id\":\"a\",\"ts\":" + MAR1 + "}") + "\n" + bad + "\n");
    KcatClassifier classifier =
        new KcatClassifier(StructType.fromDDL(SCHEMA),
            new ConformSpec("ts", EventTimeFormat.EPOCH_MILLIS, ZoneId.of("UTC"), List.of("event_id")));
    Dataset<Row> classified =
        classifier.classify(KcatJsonSource.lines(spark, List.of(new InputFile(plain.toUri().toString(), 1))),
            LocalDate.parse("2024-03-01"));

    List<Row> q = Classified.quarantined(classified, LocalDate.parse("2024-03-01"), "run-1").collectAsList();

    assertThat(q).hasSize(1);
    Row r = q.get(0);
    assertThat(r.<String>getAs("raw_record")).isEqualTo(bad);
    assertThat(r.<String>getAs("source_file")).endsWith("t-p0.json");
    assertThat(r.<Long>getAs("line_number")).isEqualTo(2L);
    assertThat(r.<String>getAs("reason")).isEqualTo("envelope_parse_error");
    assertThat(r.<String>getAs("run_id")).isEqualTo("run-1");
    assertThat(r.<String>getAs("date")).isEqualTo("2024-03-01");
    assertThat(Classified.written(classified, classifier.outputColumns()).columns())
        .containsExactly("event_id", "ts", "clicks", "user_country_code", "event_ts", "kafka_topic",
            "kafka_partition", "kafka_offset", "kafka_timestamp", "kafka_timestamp_type", "kafka_key",
            "kafka_headers", "date");
  }

  @Test
  void dedupeKeepsTheEarliestOffsetOrTheLatestEventTimeAsConfigured(@TempDir Path dir) throws IOException {
    Path plain = dir.resolve("t-p0.json");
    // The same event re-sent with a corrected payload: offset 2 carries the later event time.
    Files.writeString(plain, String.join("\n",
        line(0, 1, "{\"event_id\":\"a\",\"ts\":" + MAR1 + ",\"clicks\":1}"),
        line(0, 2, "{\"event_id\":\"a\",\"ts\":" + (MAR1 + 3_600_000L) + ",\"clicks\":2}")) + "\n");
    Dataset<Row> lines = KcatJsonSource.lines(spark, List.of(new InputFile(plain.toUri().toString(), 1)));

    for (var keep : io.feedlake.config.JobSpec.DedupeKeep.values()) {
      KcatClassifier classifier = new KcatClassifier(StructType.fromDDL(SCHEMA),
          new ConformSpec("ts", EventTimeFormat.EPOCH_MILLIS, ZoneId.of("UTC"), List.of("event_id"), keep));
      List<Row> written = classifier.classify(lines, LocalDate.parse("2024-03-01"))
          .filter("_disposition = 'written'").select("kafka_offset", "clicks").collectAsList();

      long expectedOffset = keep == io.feedlake.config.JobSpec.DedupeKeep.EARLIEST_OFFSET ? 1L : 2L;
      assertThat(written).as(keep.name()).hasSize(1);
      assertThat(written.get(0).getLong(0)).as(keep.name()).isEqualTo(expectedOffset);
    }
  }
}
