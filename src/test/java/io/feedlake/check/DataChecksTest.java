package io.feedlake.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.config.ChecksSpec;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec;
import io.feedlake.testing.LocalSpark;
import io.feedlake.testing.RecordedLake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks over a temporary lake whose run records are written as ingest writes them ({@link
 * RecordedLake}) (and, for the schema check, whose run directories hold Parquet files written by
 * Spark): a volume drop to a third of the trailing median, a gap, a removed column, a quarantine
 * jump, and an undeclared payload field in a kcat dump.
 */
@ExtendWith(LocalSpark.PerClass.class)
class DataChecksTest {
  private static final String TABLE = "beta.orders";
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  @TempDir Path root;
  private Path lake;
  private Path alpha;
  private Path jobs;

  @BeforeEach
  void lake() throws IOException {
    lake = root.resolve("lake");
    alpha = root.resolve("alpha");
    jobs = root.resolve("jobs");
    Files.createDirectories(jobs);
    job("");
  }

  private void job(String checks) throws IOException {
    Files.writeString(jobs.resolve("orders.conf"), String.join("\n",
        "table.name = orders",
        "source { type = kafka-json, path = \"" + alpha + "\", topic = orders,"
            + " schema.ddl = \"order_id STRING, ts STRING, device STRUCT<os: STRING>\" }",
        "conform { event-time { field = ts, format = iso8601 }, dedupe.key = [order_id] }",
        checks));
  }

  private ConfigLoader loader() {
    return ConfigLoader.load(Paths.get("").toAbsolutePath(), null,
        Map.of("lake.root", lake.toString(), "jobs.dir", jobs.toString()));
  }

  private CheckReport check(String date) {
    ConfigLoader loader = loader();
    JobSpec job = loader.job("orders");
    ChecksSpec spec = loader.checks("orders");
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    return new DataChecks(conf, lake.toString(), "orders", TABLE, spec, new InputPayloads(job, () -> spark, conf))
        .run(LocalDate.parse(date));
  }

  private static CheckResult named(CheckReport report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + report));
  }

  private String publish(String date, long written, long quarantined) throws IOException {
    return RecordedLake.publish(spark.sparkContext().hadoopConfiguration(), lake, "orders", date, written, quarantined);
  }

  private void normalWeek() throws IOException {
    for (int day = 1; day <= 7; day++) {
      publish("2024-03-0" + day, 300 + day, 3);
    }
  }

  @Test
  void aDayWithAThirdOfTheTrailingMedianVolumeIsFlagged() throws IOException {
    normalWeek();
    publish("2024-03-08", 101, 1);

    CheckReport report = check("2024-03-08");

    CheckResult volume = named(report, "volume");
    assertThat(volume.status()).isEqualTo("warn");
    assertThat(volume.observed()).isEqualTo(101L);
    assertThat(volume.message()).isEqualTo(
        "beta.orders date=2024-03-08: 101 rows, 0.3322 x the median 304 of the last 7 published date(s),"
            + " outside 0.5..2");
    assertThat(volume.expected()).isEqualTo("152..608 rows (0.5..2 x median 304 of 7 published date(s)"
        + " 2024-03-01..2024-03-07)");
    assertThat(volume.examples()).hasSize(5).first().isEqualTo("2024-03-07: 307 rows");
    assertThat(report.failed()).isEmpty();
    assertThat(named(report, "gaps").status()).isEqualTo("ok");
    // The day before is within the norm.
    assertThat(named(check("2024-03-07"), "volume").status()).isEqualTo("ok");
  }

  @Test
  void failOnVolumeMakesTheDropAFailure() throws IOException {
    normalWeek();
    publish("2024-03-08", 101, 1);
    job("checks.fail-on = [volume]");

    CheckReport report = check("2024-03-08");

    assertThat(named(report, "volume").status()).isEqualTo("fail");
    assertThat(report.failed()).extracting(CheckResult::name).containsExactly("volume");
  }

  @Test
  void aDateWithoutAPublishedRunIsAGap() throws IOException {
    for (String d : List.of("2024-03-01", "2024-03-02", "2024-03-04", "2024-03-06", "2024-03-07")) {
      publish(d, 300, 0);
    }

    CheckReport report = check("2024-03-07");

    CheckResult gaps = named(report, "gaps");
    assertThat(gaps.status()).isEqualTo("warn");
    assertThat(gaps.observed()).isEqualTo(2);
    assertThat(gaps.examples()).containsExactly("2024-03-03", "2024-03-05");
    assertThat(gaps.message()).isEqualTo(
        "beta.orders: 2 of the 7 date(s) 2024-03-01..2024-03-07 have no published run: 2024-03-03, 2024-03-05");
    // A table starts at its first recorded date: no gap before it.
    CheckResult first = named(check("2024-03-02"), "gaps");
    assertThat(first.status()).as(first.message()).isEqualTo("ok");
  }

  @Test
  void aColumnRemovedAgainstThePreviousPublishedRunIsFlagged() throws IOException {
    String before = publish("2024-03-01", 2, 0);
    String now = publish("2024-03-02", 2, 0);
    spark.sql("SELECT 'o1' AS order_id, '2024-03-01T00:00:00Z' AS ts, 'ios' AS device_os").write().parquet(before);
    spark.sql("SELECT 'o2' AS order_id, '2024-03-02T00:00:00Z' AS ts, 'web' AS channel").write().parquet(now);

    CheckReport report = check("2024-03-02");

    CheckResult schema = named(report, "schema");
    assertThat(schema.status()).isEqualTo("warn");
    assertThat(schema.examples()).containsExactly("+ channel", "- device_os");
    assertThat(schema.message()).isEqualTo("beta.orders date=2024-03-02 (run 20240310T000000Z-20240302) against"
        + " date=2024-03-01 (run 20240310T000000Z-20240301): 1 column(s) added [channel], 1 column(s) removed"
        + " [device_os]");
    assertThat(named(check("2024-03-01"), "schema").status()).isEqualTo("ok");
  }

  @Test
  void aQuarantineShareFarAboveItsTrailingMedianIsFlagged() throws IOException {
    normalWeek();
    publish("2024-03-08", 270, 30);

    CheckReport report = check("2024-03-08");

    CheckResult q = named(report, "quarantine");
    assertThat(q.status()).isEqualTo("warn");
    assertThat(q.observed()).isEqualTo(0.1);
    assertThat(q.message()).startsWith("beta.orders date=2024-03-08: quarantined 30 of 300 records (share 0.1),"
        + " median share 0.0098 of the last 7 published date(s), above 0.0195");
    assertThat(named(report, "volume").status()).isEqualTo("ok");
  }

  @Test
  void aPayloadFieldTheSchemaDoesNotDeclareIsFlaggedByName() throws IOException {
    publish("2024-03-01", 3, 0);
    List<String> payloads = List.of(
        "{\"order_id\":\"o1\",\"ts\":\"2024-03-01T10:00:00Z\",\"device\":{\"os\":\"ios\"}}",
        "{\"order_id\":\"o2\",\"ts\":\"2024-03-01T10:00:00Z\",\"coupon_code\":\"SPRING\",\"device\":{\"os\":\"ios\","
            + "\"model\":\"x\"}}",
        "{\"order_id\":\"o3\",\"ts\":\"2024-03-01T10:00:00Z\",\"coupon_code\":\"SPRING\"}");
    dump("2024-03-01", payloads);

    CheckReport report = check("2024-03-01");

    CheckResult unknown = named(report, "unknown-fields");
    assertThat(unknown.status()).isEqualTo("warn");
    assertThat(unknown.observed()).isEqualTo(2);
    assertThat(unknown.examples()).containsExactly("coupon_code (2)", "device.model (1)");
    assertThat(unknown.message()).isEqualTo("beta.orders date=2024-03-01: 2 of 3 sampled payload(s) hold 2 field(s)"
        + " the declared schema does not know (dropped on ingest): coupon_code, device.model");
  }

  @Test
  void trendsAreNotJudgedWithoutEnoughHistory() throws IOException {
    publish("2024-03-01", 300, 0);
    publish("2024-03-02", 10, 0);

    CheckReport report = check("2024-03-02");

    assertThat(named(report, "volume").status()).isEqualTo("ok");
    assertThat(named(report, "volume").message()).isEqualTo(
        "beta.orders date=2024-03-02: 10 rows; not judged, only 1 earlier published date(s) (checks.min-history = 3)");
    assertThat(report.skipped()).anySatisfy(s -> assertThat(s).startsWith("unknown-fields: no input to sample for 2024-03-02"))
        .anySatisfy(s -> assertThat(s).startsWith("schema: no Parquet file in file:" + lake));
  }

  private void dump(String date, List<String> payloads) throws IOException {
    RecordedLake.kcatDump(alpha, "orders", date, payloads);
  }
}
