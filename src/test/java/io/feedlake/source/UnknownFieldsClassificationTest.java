package io.feedlake.source;

import io.feedlake.ingest.Classification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.ConfigException;
import io.feedlake.config.ConfigLoader;
import io.feedlake.conform.Classified;
import io.feedlake.conform.UnknownFieldScan;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schema.on-unknown} on a kcat dump whose payloads carry fields the declared schema does not
 * name (a top-level {@code campaign}, a nested {@code user.locale}), from the job file to the
 * source's notes, metrics, failure and {@code _extra} column.
 */
@ExtendWith(LocalSpark.PerClass.class)
class UnknownFieldsClassificationTest {
  private static final LocalDate DAY = LocalDate.of(2024, 3, 1);
  private static final List<String> PAYLOADS = Arrays.asList(
      "{\"event_id\":\"a\",\"ts\":\"2024-03-01T01:00:00Z\",\"user\":{\"id\":\"u1\",\"locale\":\"fr\"},"
          + "\"campaign\":{\"id\":7,\"tags\":[\"x\"]}}",
      "{\"event_id\":\"b\",\"ts\":\"2024-03-01T02:00:00Z\",\"campaign\":\"spring\"}",
      "{\"event_id\":\"c\",\"ts\":\"2024-03-01T03:00:00Z\",\"user\":{\"id\":\"u3\"}}",
      null,
      "not json");
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  @TempDir Path home;
  private KcatDumps dumps;
  private Path file;

  @BeforeEach
  void dump() throws IOException {
    dumps = new KcatDumps(home, "event_id STRING, ts STRING, user STRUCT<id: STRING>", "ts", "event_id");
    file = dumps.write(DAY, PAYLOADS);
  }

  @Test
  void warnIsTheDefaultAndCountsEveryUndeclaredPath() {
    Classification source = KcatDumps.classification(dumps.job(null));
    Dataset<Row> classified = KcatDumps.classify(spark, source, DAY);

    assertThat(source.verify(Map.of())).containsExactly(
        "undeclared payload fields, not read (schema.on-unknown = warn): 2 paths in 2 of 3 payloads:"
            + " campaign (2), user.locale (1)");
    assertThat(source.metrics()).containsExactly(
        entry("undeclared_fields.records", 2L), entry("undeclared_fields.paths", 2L),
        entry("undeclared.campaign", 2L), entry("undeclared.user.locale", 1L));
    assertThat(source.outputColumns()).doesNotContain(UnknownFieldScan.EXTRA);
    assertThat(classified.filter("_disposition = 'written'").count()).isEqualTo(3);
  }

  @Test
  void failExitsThreeNamingTheFileRecordAndField() {
    Classification source = KcatDumps.classification(dumps.job("fail"));
    KcatDumps.classify(spark, source, DAY);

    FeedlakeException e = catchThrowableOfType(() -> source.verify(Map.of()), FeedlakeException.class);

    assertThat(e).as("expected the date to fail").isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage()).startsWith("Undeclared payload field 'user.locale' in ").contains(file + " record 1:"
        + " the declared schema (source.schema) does not name it, and schema.on-unknown = fail; 2 paths in 2 of 3"
        + " payloads: campaign (2), user.locale (1). Declare the fields, or set schema.on-unknown to warn, capture"
        + " or ignore");
  }

  @Test
  void captureKeepsTheUndeclaredFieldsAsJsonInExtra() {
    Classification source = KcatDumps.classification(dumps.job("capture"));
    Dataset<Row> classified = KcatDumps.classify(spark, source, DAY);

    assertThat(source.outputColumns()).endsWith("kafka_headers", UnknownFieldScan.EXTRA);
    List<Row> rows = Classified.written(classified, source.outputColumns()).orderBy("event_id")
        .select("event_id", UnknownFieldScan.EXTRA).collectAsList();
    assertThat(rows).extracting(r -> r.getString(0), r -> r.getString(1)).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a", "{\"user\":{\"locale\":\"fr\"},\"campaign\":{\"id\":7,\"tags\":[\"x\"]}}"),
        org.assertj.core.groups.Tuple.tuple("b", "{\"campaign\":\"spring\"}"),
        org.assertj.core.groups.Tuple.tuple("c", null));
    assertThat(Classified.written(classified, source.outputColumns()).schema().apply(UnknownFieldScan.EXTRA)
        .dataType().simpleString()).isEqualTo("string");
    assertThat(source.verify(Map.of())).containsExactly(
        "undeclared payload fields, kept in column _extra (schema.on-unknown = capture): 2 paths in 2 of 3"
            + " payloads: campaign (2), user.locale (1)");
  }

  @Test
  void debeziumAfterImagesAreScannedAgainstTheDeclaredRowSchema() {
    // The sample's 2024-03-01 dump: 6 change events whose after image has id, first_name,
    // last_name and email; the row schema here leaves out email.
    Classification source = KcatDumps.classification(ConfigLoader.load(Paths.get("").toAbsolutePath(), null,
        Map.of("source.schema.ddl", "id INT, first_name STRING, last_name STRING")).job("inventory_customers"));
    KcatDumps.classify(spark, source, DAY);

    assertThat(source.verify(Map.of())).containsExactly(
        "undeclared payload fields, not read (schema.on-unknown = warn): 1 path in 6 of 6 payloads: email (6)");
  }

  @Test
  void ignoreDoesNotScan() {
    Classification source = KcatDumps.classification(dumps.job("ignore"));
    Dataset<Row> classified = KcatDumps.classify(spark, source, DAY);

    assertThat(classified.columns()).doesNotContain(UnknownFieldScan.SCAN, UnknownFieldScan.EXTRA);
    assertThat(source.verify(Map.of())).isEmpty();
    assertThat(source.metrics()).isEmpty();
  }

  @Test
  void aValueThatIsNoModeIsAConfigErrorListingTheChoices() {
    ConfigException e = catchThrowableOfType(() -> dumps.job("drop"), ConfigException.class);

    assertThat(e).as("expected a ConfigException").isNotNull();
    assertThat(e.getMessage()).contains(
        "schema.on-unknown: 'drop' is not supported (expected one of ignore, warn, fail, capture)");
  }
}
