package io.feedlake.source.kafka;

import io.feedlake.config.JobSpec;
import io.feedlake.config.Rules.OnUnknown;
import io.feedlake.ingest.Classification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.config.JobSpec.ConnectDateSelection;
import io.feedlake.config.JobSpec.ConnectFormat;
import io.feedlake.config.JobSpec.EventTimeFormat;
import io.feedlake.config.JobSpec.KafkaConnectS3SourceSpec;
import io.feedlake.config.JobSpec.ReadyRule;
import io.feedlake.conform.Classified;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.Sources;
import io.feedlake.testing.AvroFixtures;
import io.feedlake.testing.Fixtures;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka Connect S3 sink fixtures (fixtures/kafka-connect-s3: JSON with an hourly time-based
 * partitioner, made by make_text_fixtures.py; Avro with the default partitioner, one file per
 * codec, made by AvroFixtures): which objects a date reads, and offsets recovered from object
 * names plus the record's index.
 */
@ExtendWith(LocalSpark.PerClass.class)
class KafkaConnectS3SourceTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-01");
  private static final ConformSpec CONFORM =
      new ConformSpec("event_time", EventTimeFormat.ISO8601, ZoneId.of("UTC"), List.of("event_id"));
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  private static Configuration conf() {
    return spark.sparkContext().hadoopConfiguration();
  }

  private static List<String> names(List<InputFile> files) {
    return files.stream().map(f -> f.path().replaceAll(".*/topics/ad_clicks/", "")).toList();
  }

  private static Classification classification(FeedSource source) {
    return Classification.of(source, CONFORM, OnUnknown.IGNORE);
  }

  @Test
  void pathDateSelectionReadsEveryHourOfTheDayAndSkipsKeySiblings() {
    FeedSource source = Sources.create(Fixtures.job("connect_json_clicks"));

    assertThat(names(source.list(conf(), DAY))).containsExactly(
        "year=2024/month=03/day=01/hour=09/ad_clicks+0+0000001000.json",
        "year=2024/month=03/day=01/hour=14/ad_clicks+0+0000001003.json.gz",
        "year=2024/month=03/day=01/hour=14/ad_clicks+1+0000000500.json");
    assertThat(source.availableDates(conf()))
        .containsExactly(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-02"));
  }

  @Test
  void jsonOffsetsAreTheStartOffsetPlusTheLineIndex() {
    JobSpec job = Fixtures.job("connect_json_clicks");
    Classification source = Classification.of(Sources.create(job), job);
    Dataset<Row> classified = source.classify(spark, source.source().list(conf(), DAY), DAY).cache();

    assertThat(Fixtures.outcomes(classified)).containsExactly(
        entry("duplicate", 1L),
        entry("filtered/tombstone", 1L),
        entry("quarantined/early_event", 1L),
        entry("quarantined/missing_event_time", 1L),
        entry("quarantined/payload_parse_error", 1L),
        entry("written", 4L));
    List<Row> all = classified.orderBy("kafka_partition", "kafka_offset")
        .select("kafka_topic", "kafka_partition", "kafka_offset", "event_id", "_disposition").collectAsList();
    assertThat(all).extracting(r -> r.getString(0), r -> r.getInt(1), r -> r.getLong(2), r -> r.getString(4))
        .containsExactly(
            tuple("ad_clicks", 0, 1000L, "written"),
            tuple("ad_clicks", 0, 1001L, "written"),
            tuple("ad_clicks", 0, 1002L, "quarantined"),
            tuple("ad_clicks", 0, 1003L, "duplicate"),
            tuple("ad_clicks", 0, 1004L, "quarantined"),
            tuple("ad_clicks", 0, 1005L, "quarantined"),
            tuple("ad_clicks", 1, 500L, "written"),
            tuple("ad_clicks", 1, 501L, "filtered"),
            tuple("ad_clicks", 1, 502L, "written"));
    Row written = Classified.written(classified, source.outputColumns()).where("event_id = 'c-001'")
        .select("kafka_timestamp", "kafka_key", "kafka_headers", "campaign_channel").first();
    assertThat(written.isNullAt(0)).isTrue();
    assertThat(written.isNullAt(1)).isTrue();
    assertThat(written.isNullAt(2)).isTrue();
    assertThat(written.getString(3)).isEqualTo("search");
  }

  @Test
  void prefixSelectionReadsEveryPartitionDirectoryBelowTheDatedPrefix() {
    FeedSource source = Sources.create(Fixtures.job("connect_avro_clicks"));

    assertThat(names(source.list(conf(), DAY))).containsExactly(
        "partition=0/ad_clicks+0+0000000000.avro",
        "partition=0/ad_clicks+0+0000000003.avro",
        "partition=1/ad_clicks+1+0000000000.avro",
        "partition=1/ad_clicks+1+0000000003.avro");
    assertThat(source.availableDates(conf())).containsExactly(DAY);
  }

  @Test
  void avroFilesOfEveryCodecAreReadWithOffsetsFromTheirNames() {
    JobSpec job = Fixtures.job("connect_avro_clicks");
    Classification source = Classification.of(Sources.create(job), job);
    Dataset<Row> classified = source.classify(spark, source.source().list(conf(), DAY), DAY).cache();

    assertThat(Fixtures.outcomes(classified)).containsExactly(
        entry("duplicate", 1L),
        entry("quarantined/early_event", 1L),
        entry("quarantined/late_event", 1L),
        entry("quarantined/missing_event_time", 1L),
        entry("written", 8L));
    List<Row> rows = classified.orderBy("kafka_partition", "kafka_offset")
        .select("kafka_partition", "kafka_offset", "event_id", "_line_number", "_reason").collectAsList();
    assertThat(rows).extracting(r -> r.getInt(0), r -> r.getLong(1), r -> r.getString(2), r -> r.getLong(3), r -> r.get(4))
        .containsExactly(
            tuple(0, 0L, "c-a1", 1L, null),
            tuple(0, 1L, "c-a2", 2L, null),
            tuple(0, 2L, "c-a3", 3L, "missing_event_time"),
            tuple(0, 3L, "c-a4", 1L, null),
            tuple(0, 4L, "c-a1", 2L, "duplicate"),
            tuple(0, 5L, "c-a5", 3L, null),
            tuple(1, 0L, "c-b1", 1L, null),
            tuple(1, 1L, "c-b2", 2L, "late_event"),
            tuple(1, 2L, "c-b3", 3L, null),
            tuple(1, 3L, "c-b4", 1L, null),
            tuple(1, 4L, "c-b5", 2L, null),
            tuple(1, 5L, "c-b6", 3L, "early_event"));
    Row q = Classified.quarantined(classified, DAY, "r").where("reason = 'missing_event_time'").first();
    assertThat(q.<String>getAs("raw_record"))
        .isEqualTo("{\"event_id\":\"c-a3\",\"user_id\":\"u3\"}");
    assertThat(q.<String>getAs("source_file")).endsWith("partition=0/ad_clicks+0+0000000000.avro");
    assertThat(q.<Long>getAs("line_number")).isEqualTo(3L);
    assertThat(q.<Long>getAs("kafka_offset")).isEqualTo(2L);
  }

  @Test
  void recordIndexIsStableWhenSparkSplitsALargeAvroFile(@TempDir Path dir) throws IOException {
    Schema schema = SchemaBuilder.record("Seq").fields()
        .requiredLong("seq").requiredString("event_id").requiredString("event_time").requiredString("pad")
        .endRecord();
    List<GenericRecord> records = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      GenericRecord r = new GenericData.Record(schema);
      r.put("seq", (long) i);
      r.put("event_id", "e-" + i);
      r.put("event_time", "2024-03-01T12:00:00Z");
      r.put("pad", "x".repeat(40));
      records.add(r);
    }
    Path file = dir.resolve("2024-03-01/topics/seq/partition=7/seq+7+0000010000.avro");
    AvroFixtures.write(file, schema, CodecFactory.deflateCodec(1), records);
    Classification source = classification(new KafkaConnectS3Source(
        new KafkaConnectS3SourceSpec(dir.toString(), "seq", "{date}/topics/{topic}", ConnectFormat.AVRO,
            ConnectDateSelection.PREFIX, "seq BIGINT, event_id STRING, event_time STRING", null,
            ReadyRule.ANY)));
    String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
    spark.conf().set("spark.sql.files.maxPartitionBytes", "4096");
    try {
      assertThat(spark.read().format("avro").load(file.toString()).rdd().getNumPartitions())
          .as("splits of the file").isGreaterThan(3);
      Dataset<Row> classified = source.classify(spark, source.source().list(conf(), DAY), DAY);

      List<Row> mismatched = classified
          .where("kafka_offset <> 10000 + seq OR _line_number <> seq + 1 OR kafka_partition <> 7")
          .select("seq", "_line_number", "kafka_offset").limit(5).collectAsList();
      assertThat(mismatched).isEmpty();
      assertThat(classified.where("_disposition = 'written'").count()).isEqualTo(3000L);
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", before);
    }
  }

  @Test
  void objectsThatDoNotFollowTheSinkLayoutFailTheRunNamingThem(@TempDir Path dir) throws IOException {
    Path day = dir.resolve("topics/ad_clicks/year=2024/month=03/day=01/hour=00");
    Files.createDirectories(day);
    Files.writeString(day.resolve("ad_clicks-0-0000000000.json"), "{}\n");
    Files.writeString(day.resolve("other_topic+0+0000000000.json"), "{}\n");
    Path partitionDir = dir.resolve("topics/ad_clicks/year=2024/month=03/day=01/partition=1");
    Files.createDirectories(partitionDir);
    Files.writeString(partitionDir.resolve("ad_clicks+2+0000000000.json"), "{}\n");
    Files.writeString(day.resolve("_SUCCESS"), "");
    KafkaConnectS3Source source = new KafkaConnectS3Source(
        new KafkaConnectS3SourceSpec(dir.toString(), "ad_clicks", "topics/{topic}", ConnectFormat.JSON,
            ConnectDateSelection.PATH_DATE, "event_id STRING, event_time STRING", null, ReadyRule.ANY));

    FeedlakeException e = catchThrowableOfType(() -> source.list(conf(), DAY), FeedlakeException.class);

    assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage())
        .startsWith("Cannot read Kafka Connect S3 objects for topic ad_clicks on 2024-03-01 below ")
        .contains("ad_clicks-0-0000000000.json: object name 'ad_clicks-0-0000000000.json' does not follow the "
            + "Kafka Connect S3 sink pattern <topic>+<partition>+<startOffset>.<extension>")
        .contains("other_topic+0+0000000000.json: the object belongs to topic 'other_topic', not 'ad_clicks'")
        .contains("ad_clicks+2+0000000000.json: the name says partition 2 but the directory is partition=1")
        .doesNotContain("_SUCCESS");
  }

  @Test
  void aMissingDayIsInputNotReady(@TempDir Path dir) {
    KafkaConnectS3Source source = new KafkaConnectS3Source(
        new KafkaConnectS3SourceSpec(dir.toString(), "ad_clicks", "topics/{topic}", ConnectFormat.JSON,
            ConnectDateSelection.PATH_DATE, "event_id STRING, event_time STRING", null, ReadyRule.ANY));

    FeedlakeException e = catchThrowableOfType(() -> source.list(conf(), DAY), FeedlakeException.class);

    assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_NOT_READY);
    assertThat(e.getMessage()).isEqualTo("No Kafka Connect S3 objects for topic ad_clicks on 2024-03-01: directory "
        + dir + "/topics/ad_clicks/year=2024/month=03/day=01 does not exist");
  }
}
