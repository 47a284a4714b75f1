package io.feedlake.source.delimited;

import io.feedlake.config.Rules.OnUnknown;
import io.feedlake.ingest.Classification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.config.JobSpec.DelimitedSourceSpec;
import io.feedlake.config.JobSpec.EventTimeFormat;
import io.feedlake.config.JobSpec.ReadyRule;
import io.feedlake.conform.Classified;
import io.feedlake.source.FeedSource;
import io.feedlake.source.Sources;
import io.feedlake.testing.Fixtures;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delimited fixture (fixtures/delimited/annalect: two CSV files whose headers order the
 * columns differently, made by make_text_fixtures.py) and a TSV file: columns matched by name,
 * declared types, malformed rows quarantined with file, line and the reason.
 */
@ExtendWith(LocalSpark.PerClass.class)
class DelimitedSourceTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-01");
  private static final String DDL = "id STRING, at TIMESTAMP, clicks INT, cost DECIMAL(6,2)";
  private static final ConformSpec CONFORM =
      new ConformSpec("at", EventTimeFormat.ISO8601, ZoneId.of("UTC"), List.of("id"));
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass
  private static Classification source;
  private static Dataset<Row> classified;

  @BeforeAll
  static void classifyFixture() {
    source = Classification.of(Sources.create(Fixtures.job("annalect_impressions")), Fixtures.job("annalect_impressions"));
    classified = source.classify(spark, source.source().list(spark.sparkContext().hadoopConfiguration(), DAY), DAY).cache();
  }

  @Test
  void everyLineHasTheFixturesOutcome() {
    assertThat(Fixtures.outcomes(classified)).containsExactly(
        entry("duplicate", 1L),
        entry("quarantined/csv_parse_error", 3L),
        entry("quarantined/late_event", 1L),
        entry("quarantined/missing_event_time", 1L),
        entry("skipped/blank", 1L),
        entry("skipped/header", 2L),
        entry("written", 5L));
  }

  @Test
  void columnsAreMatchedByNameWithTheirDeclaredTypes() {
    List<Row> rows = Classified.written(classified, source.outputColumns()).orderBy("impression_id").collectAsList();

    assertThat(source.outputColumns()).containsExactly(
        "impression_id", "event_time", "campaign_id", "site", "impressions", "cost_usd", "event_ts");
    assertThat(rows).extracting(r -> r.getString(0), r -> r.getTimestamp(1).toInstant().toString(), r -> r.getString(2),
            r -> r.getString(3), r -> r.get(4), r -> r.getDecimal(5))
        .containsExactly(
            tuple("imp-001", "2024-03-01T08:00:00Z", "cmp-1", "news.example.com", 3, new BigDecimal("0.0123")),
            tuple("imp-002", "2024-03-01T08:05:00Z", "cmp-1", "shop.example.com, mobile", 1, new BigDecimal("0.0040")),
            tuple("imp-007", "2024-03-01T09:00:00Z", "cmp-1", "news.example.com", null, new BigDecimal("0.0020")),
            tuple("imp-101", "2024-03-01T10:00:00Z", "cmp-1", "news.example.com", 5, new BigDecimal("0.0200")),
            tuple("imp-102", "2024-03-01T10:10:00Z", "cmp-2", "news.example.com", 2, new BigDecimal("0.0300")));
  }

  @Test
  void malformedRowsAreQuarantinedWithFileLineAndWhy() {
    List<Row> q = Classified.quarantined(classified, DAY, "r").where("reason = 'csv_parse_error'")
        .orderBy("source_file", "line_number").select("source_file", "line_number", "stage", "message", "raw_record")
        .collectAsList();

    assertThat(q).extracting(r -> r.getString(0).replaceAll(".*/", ""), r -> r.getLong(1), r -> r.getString(2),
            r -> r.getString(3))
        .containsExactly(
            tuple("impressions_20240301_01.csv", 4L, "parse", "column 'impressions' (int): cannot parse 'seven'"),
            tuple("impressions_20240301_01.csv", 5L, "parse", "expected 6 fields as in the header, got 5"),
            tuple("impressions_20240301_02.csv.gz", 5L, "parse",
                "column 'event_time' (timestamp): cannot parse 'not-a-time'"));
    assertThat(q.get(1).getString(4)).isEqualTo("imp-004,2024-03-01 08:15:00,cmp-2,video.example.com,2");
  }

  @Test
  void tabSeparatedFilesWithQuotesAndNullText(@TempDir Path dir) throws IOException {
    Path day = dir.resolve("dt=2024-03-01");
    Files.createDirectories(day);
    Files.writeString(day.resolve("log.tsv"), String.join("\n",
        "\uFEFFID\tAt\tClicks\tCost",
        "a\t2024-03-01T01:00:00Z\t1\t1.50",
        "b\t2024-03-01T02:00:00Z\t\\N\t\"2.25\"",
        "c\t2024-03-01T03:00:00Z\t3\t12345.678",
        "") + "\n");
    Classification tsv = Classification.of(new DelimitedSource(
        new DelimitedSourceSpec(dir.toString(), "dt={date}", List.of(".tsv"), DDL, '\t', '"', '\\', "\\N", null, ReadyRule.ANY)),
        CONFORM, OnUnknown.IGNORE);

    Dataset<Row> out = tsv.classify(spark, tsv.source().list(spark.sparkContext().hadoopConfiguration(), DAY), DAY);
    List<Row> rows = out.orderBy("_line_number").select("id", "clicks", "cost", "_disposition", "_reason", "_message")
        .collectAsList();

    assertThat(rows).extracting(r -> r.get(0), r -> r.get(1), r -> r.get(2), r -> r.get(3), r -> r.get(4))
        .containsExactly(
            tuple(null, null, null, "skipped", "header"),
            tuple("a", 1, new BigDecimal("1.50"), "written", null),
            tuple("b", null, new BigDecimal("2.25"), "written", null),
            tuple("c", 3, null, "quarantined", "csv_parse_error"),
            tuple(null, null, null, "skipped", "blank"));
    assertThat(rows.get(3).getString(5)).isEqualTo("column 'cost' (decimal(6,2)): cannot parse '12345.678'");
  }

  @Test
  void aFileWithoutADeclaredColumnFailsTheRunNamingIt(@TempDir Path dir) throws IOException {
    Path day = dir.resolve("dt=2024-03-01");
    Files.createDirectories(day);
    Files.writeString(day.resolve("a.csv"), "id,at,clicks\nx,2024-03-01T00:00:00Z,1\n");
    Classification csv = Classification.of(new DelimitedSource(
        new DelimitedSourceSpec(dir.toString(), "dt={date}", List.of(".csv"), DDL, ',', '"', '\\', "", null, ReadyRule.ANY)),
        CONFORM, OnUnknown.IGNORE);

    FeedlakeException e = catchThrowableOfType(
        () -> csv.classify(spark, csv.source().list(spark.sparkContext().hadoopConfiguration(), DAY), DAY),
        FeedlakeException.class);

    assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage()).isEqualTo("Cannot read " + day.toUri().toString().replace("file:///", "file:/")
        + "a.csv: its header has no column [cost] declared in source.schema.ddl (header: [id, at, clicks])");
  }

  @Test
  void headerNamesMatchIgnoringCaseSpacesAndAByteOrderMark() {
    HeaderLayout layout = HeaderLayout.match(new String[] {"\uFEFFCost ", "extra", " ID", "at", "CLICKS"},
        StructType.fromDDL(DDL), "f.csv");

    assertThat(layout.declared()).containsExactly("cost", null, "id", "at", "clicks");
    assertThat(layout.undeclared()).containsExactly("extra");
    FeedlakeException e = catchThrowableOfType(
        () -> HeaderLayout.match(new String[] {"id", "at", "ID"}, StructType.fromDDL(DDL), "f.csv"),
        FeedlakeException.class);
    assertThat(e.getMessage())
        .isEqualTo("Cannot read f.csv: its header names column 'ID' twice (positions 1 and 3; header: [id, at, ID])");
  }
}
