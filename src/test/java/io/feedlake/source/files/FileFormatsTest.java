package io.feedlake.source.files;

import io.feedlake.ingest.Classification;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec;
import io.feedlake.conform.Classified;
import io.feedlake.source.FeedSource;
import io.feedlake.source.Sources;
import io.feedlake.testing.Fixtures;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code source.type = files} over each format Spark reads: the 2024-03-01 file of the repository's
 * Parquet sample ({@code data-samples/vsco-parquet}, job {@code vsco_alpha_parquet}) is written
 * again here by Spark's own Avro, ORC and JSON writers, and each copy must give the generator's
 * counts ({@code EXPECTED.json}) and exactly the rows the Parquet file gives (for JSON lines, which
 * are deduplicated by file and line instead of Kafka offset, the same events).
 */
@ExtendWith(LocalSpark.PerClass.class)
class FileFormatsTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-01");
  private static final String COLUMNS =
      "event_id, event_type, event_ts, user_id, user_country, user_device_os, properties_filter, "
          + "properties_duration_ms, kafka_topic, kafka_partition, kafka_offset, date";
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass
  private static List<String> parquetRows;

  @TempDir static Path alpha;

  @BeforeAll
  static void start() {
    Dataset<Row> sample = spark.read().parquet("data-samples/vsco-parquet/vsco_behavior/dt=" + DAY);
    for (String format : List.of("avro", "orc", "json")) {
      sample.coalesce(1).write().mode(SaveMode.Overwrite).format(format)
          .save(alpha.resolve(format).resolve("vsco_behavior").resolve("dt=" + DAY).toString());
    }
    parquetRows = written(job(Map.of()));
  }

  private static JobSpec job(Map<String, String> overrides) {
    return ConfigLoader.load(Paths.get("").toAbsolutePath(), null, overrides).job("vsco_alpha_parquet");
  }

  private static Dataset<Row> classify(JobSpec job) {
    Classification source = Classification.of(Sources.create(job), job);
    return source.classify(spark, source.source().list(spark.sparkContext().hadoopConfiguration(), DAY), DAY).cache();
  }

  private static List<String> written(JobSpec job) {
    String json = "to_json(struct(" + COLUMNS + "))";
    return Classified.written(classify(job), Classification.of(Sources.create(job), job).outputColumns())
        .selectExpr(json + " AS j").orderBy("j").as(Encoders.STRING()).collectAsList();
  }

  @Test
  void theParquetSampleGivesTheGeneratorsCounts() throws IOException {
    JsonNode expected = new ObjectMapper().readTree(Paths.get("data-samples/vsco-parquet/EXPECTED.json").toFile())
        .path("jobs").path("vsco_alpha_parquet").path("dates").path(DAY.toString());
    Map<String, Long> outcomes = Fixtures.outcomes(classify(job(Map.of())));
    assertThat(outcomes).containsOnlyKeys("written", "duplicate")
        .containsEntry("written", expected.get("written").asLong())
        .containsEntry("duplicate", expected.get("duplicates").asLong());
    assertThat(parquetRows).hasSize(expected.get("written").asInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"avro", "orc"})
  void theSameRowsInAnotherFormatGiveTheSameOutcomesAndRows(String format) {
    JobSpec job = job(Map.of("source.path", alpha.resolve(format).toString(), "source.files.format", format));
    Map<String, Long> parquet = Fixtures.outcomes(classify(job(Map.of())));
    assertThat(Fixtures.outcomes(classify(job))).isEqualTo(parquet);
    assertThat(written(job)).containsExactlyElementsOf(parquetRows);
  }

  /**
   * JSON lines carry no Kafka coordinates feedlake trusts (they are ordered by file and line), so
   * the job drops the coordinate columns; the surviving events are the same.
   */
  @Test
  void theSameRowsAsJsonLinesGiveTheSameEvents() {
    JobSpec job = job(Map.of("source.path", alpha.resolve("json").toString(), "source.files.format", "json",
        "source.files.kafka-topic-column", "\"\"", "source.files.kafka-partition-column", "\"\"",
        "source.files.kafka-offset-column", "\"\""));
    Map<String, Long> parquet = Fixtures.outcomes(classify(job(Map.of())));
    assertThat(Fixtures.outcomes(classify(job))).isEqualTo(parquet);
    assertThat(events(job)).containsExactlyElementsOf(events(job(Map.of())));
  }

  private static List<String> events(JobSpec job) {
    String json = "to_json(struct(" + COLUMNS.replace("kafka_topic, kafka_partition, kafka_offset, ", "") + "))";
    return Classified.written(classify(job), Classification.of(Sources.create(job), job).outputColumns())
        .selectExpr(json + " AS j").orderBy("j").as(Encoders.STRING()).collectAsList();
  }
}
