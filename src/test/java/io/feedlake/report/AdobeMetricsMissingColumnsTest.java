package io.feedlake.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.config.ReportSpec;
import io.feedlake.config.ReportSpecs;
import io.feedlake.config.Settings;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jobs/reports/adobe_daily_metrics on deliveries that lack each optional column: the table is
 * built small in a local Spark session, with the columns a real feed may leave out dropped one at
 * a time. The expected metrics are counted by hand from the rows below.
 */
class AdobeMetricsMissingColumnsTest {
  private static final String DAY = "2024-03-02";
  private static final StructType SCHEMA = StructType.fromDDL(
      "exclude_hit SMALLINT, hit_source SMALLINT, post_pagename STRING, post_page_url STRING,"
          + " post_visid_high DECIMAL(20,0), post_visid_low DECIMAL(20,0), visit_num BIGINT,"
          + " visit_start_time_gmt BIGINT, post_page_event SMALLINT, user_agent STRING, `date` STRING");
  private static SparkSession spark;
  private static Path dir;
  private static ReportRunner runner;
  private static ReportSpec spec;
  private static int tables;

  @BeforeAll
  static void start() throws IOException {
    spark = LocalSpark.start();
    dir = Files.createTempDirectory("adobe-metrics");
    spark.sql("CREATE DATABASE IF NOT EXISTS beta");
    runner = new ReportRunner(spark, new Settings.ReportSettings("jobs/reports", 1000, 1L << 40,
        Settings.PartitionFilterPolicy.REFUSE, "jobs/views", "beta"));
    spec = runner.spec("adobe_daily_metrics");
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private static Row hit(int exclude, int source, String name, String url, long visitor, long visit, long start,
      int event, String date) {
    BigDecimal v = BigDecimal.valueOf(visitor);
    return RowFactory.create((short) exclude, (short) source, name, url, v, v, visit, start, (short) event, "Mozilla/5.0",
        date);
  }

  /**
   * Counted (exclude_hit = 0): hits 1, 2, 3, 4, 6 = 5; page views 1, 2, 3 = 3; visits (not data
   * source hit 4) 1|2, 3, 6 = 3; visitors 1, 2 = 2; one custom, one download, one exit link (hit 5's
   * exit link is an excluded hit). Hit 7 is another day.
   */
  private static final List<Row> HITS = List.of(
      hit(0, 1, "home", "http://x/", 1, 1, 100, 0, DAY),
      hit(0, 1, "", "http://x/p", 1, 1, 100, 100, DAY),
      hit(0, 1, "cart", "", 2, 1, 200, 101, DAY),
      hit(0, 5, "", "", 3, 1, 300, 0, DAY),
      hit(1, 1, "home", "", 4, 1, 400, 102, DAY),
      hit(0, 1, null, null, 1, 2, 500, 102, DAY),
      hit(0, 1, "home", "http://x/", 9, 1, 900, 100, "2024-03-03"));

  /** Publishes the hits without the given columns as beta.adobe_clickstream and runs the report. */
  private static Map<String, Object> report(String... dropped) {
    Dataset<Row> df = spark.createDataFrame(HITS, SCHEMA).drop(dropped);
    spark.sql("DROP TABLE IF EXISTS beta.adobe_clickstream");
    df.write().option("path", dir.resolve("t" + tables++).toString()).partitionBy("date")
        .saveAsTable("beta.adobe_clickstream");
    ReportRunner.Prepared p = runner.prepare(spec, Map.of("date", DAY));
    assertThat(p.estimate().partitions()).as("partition pruning still applies").isEqualTo(1);
    ReportResult r = runner.run(p, Set.of(), w -> { });
    assertThat(r.rows()).hasSize(1);
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < r.columns().size(); i++) {
      Object v = r.rows().get(0).get(i);
      row.put(r.columns().get(i), v instanceof Number n && !(v instanceof BigDecimal) ? n.longValue() : v);
    }
    assertThat(row.get("notes")).as("notes column").isEqualTo(p.notes().isEmpty() ? null : String.join("; ", p.notes()));
    return row;
  }

  private static Map<String, Object> metrics(Object hits, Object pageViews, Object visits, Object visitors,
      Object custom, Object download, Object exit) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("date", DAY);
    m.put("hits", hits);
    m.put("page_views", pageViews);
    m.put("visits", visits);
    m.put("visitors", visitors);
    m.put("custom_links", custom);
    m.put("download_links", download);
    m.put("exit_links", exit);
    return m;
  }

  private static Map<String, Object> without(Map<String, Object> row, String key) {
    Map<String, Object> m = new LinkedHashMap<>(row);
    m.remove(key);
    return m;
  }

  @Test
  void everyColumnPresentGivesAdobesMetricsAndNoNotes() {
    Map<String, Object> row = report();

    assertThat(without(row, "notes")).containsExactlyEntriesOf(metrics(5L, 3L, 3L, 2L, 1L, 1L, 1L));
    assertThat(row).containsEntry("notes", null);
  }

  @Test
  void withoutHitSourceVisitsCountDataSourceHitsAndTheNoteSaysTheFilterWasNotApplied() {
    Map<String, Object> row = report("hit_source");

    assertThat(without(row, "notes")).containsExactlyEntriesOf(metrics(5L, 3L, 4L, 3L, 1L, 1L, 1L));
    assertThat(row.get("notes")).isEqualTo("hit_source is not in the feed: the filter hit_source NOT IN (5, 7, 8, 9)"
        + " was not applied, so visits and visitors include data source hits");
  }

  @Test
  void withoutExcludeHitExcludedHitsCountAndTheNoteSaysSo() {
    Map<String, Object> row = report("exclude_hit");

    assertThat(without(row, "notes")).containsExactlyEntriesOf(metrics(6L, 4L, 4L, 3L, 1L, 1L, 2L));
    assertThat(row.get("notes")).isEqualTo(
        "exclude_hit is not in the feed: the filter exclude_hit = 0 was not applied, so excluded hits are counted");
  }

  @Test
  void pageViewsComeFromWhicheverOfPageNameAndPageUrlIsThere() {
    Map<String, Object> noName = report("post_pagename");
    Map<String, Object> noUrl = report("post_page_url");

    assertThat(without(noName, "notes")).containsExactlyEntriesOf(metrics(5L, 2L, 3L, 2L, 1L, 1L, 1L));
    assertThat(noName.get("notes")).isEqualTo(
        "post_pagename is not in the feed: page_views counts hits with a post_page_url");
    assertThat(without(noUrl, "notes")).containsExactlyEntriesOf(metrics(5L, 2L, 3L, 2L, 1L, 1L, 1L));
    assertThat(noUrl.get("notes")).isEqualTo(
        "post_page_url is not in the feed: page_views counts hits with a post_pagename");
  }

  @Test
  void withNeitherPageNameNorPageUrlPageViewsIsNullWithANote() {
    Map<String, Object> row = report("post_pagename", "post_page_url");

    assertThat(without(row, "notes")).containsExactlyEntriesOf(metrics(5L, null, 3L, 2L, 1L, 1L, 1L));
    assertThat((String) row.get("notes")).endsWith(
        "; page_views is NULL: beta.adobe_clickstream has no post_pagename, post_page_url");
  }

  @Test
  void withoutVisitStartTimeVisitsIsNullAndVisitorsAreStillCounted() {
    Map<String, Object> row = report("visit_start_time_gmt");

    assertThat(without(row, "notes")).containsExactlyEntriesOf(metrics(5L, 3L, null, 2L, 1L, 1L, 1L));
    assertThat(row.get("notes")).isEqualTo("visit_start_time_gmt is not in beta.adobe_clickstream: read as NULL;"
        + " visits is NULL: beta.adobe_clickstream has no visit_start_time_gmt");
  }

  @Test
  void withoutVisitNumVisitsIsNull() {
    Map<String, Object> row = report("visit_num");

    assertThat(without(row, "notes")).containsExactlyEntriesOf(metrics(5L, 3L, null, 2L, 1L, 1L, 1L));
    assertThat((String) row.get("notes")).endsWith("visits is NULL: beta.adobe_clickstream has no visit_num");
  }

  @Test
  void withoutVisitorIdsVisitsAndVisitorsAreNull() {
    Map<String, Object> row = report("post_visid_high", "post_visid_low");

    assertThat(without(row, "notes")).containsExactlyEntriesOf(metrics(5L, 3L, null, null, 1L, 1L, 1L));
    assertThat((String) row.get("notes")).contains(
        "visits is NULL: beta.adobe_clickstream has no post_visid_high, post_visid_low",
        "visitors is NULL: beta.adobe_clickstream has no post_visid_high, post_visid_low");
  }

  @Test
  void withoutPostPageEventTheLinkCountsAreNull() {
    Map<String, Object> row = report("post_page_event");

    assertThat(without(row, "notes")).containsExactlyEntriesOf(metrics(5L, 3L, 3L, 2L, null, null, null));
    assertThat((String) row.get("notes")).contains("custom_links is NULL: beta.adobe_clickstream has no post_page_event",
        "download_links is NULL", "exit_links is NULL");
  }

  @Test
  void aDeliveryWithNoneOfTheOptionalColumnsStillRuns() {
    List<String> all = new ArrayList<>(Arrays.asList(SCHEMA.fieldNames()));
    all.removeAll(List.of("user_agent", "date"));
    Map<String, Object> row = report(all.toArray(String[]::new));

    assertThat(without(row, "notes")).containsExactlyEntriesOf(metrics(6L, null, null, null, null, null, null));
    assertThat((String) row.get("notes")).contains("the filter exclude_hit = 0 was not applied",
        "the filter hit_source NOT IN (5, 7, 8, 9) was not applied");
  }

  @Test
  void aSyntaxErrorInAReportKeepsSparksReason() {
    // A ParseException's message starts with a line break: its first line alone was empty.
    assertThatThrownBy(() -> runner.prepareAdHoc("SELECT count(*) FROM beta.adobe_clickstream WHERE `date` ="))
        .isInstanceOf(io.feedlake.FeedlakeException.class)
        .hasMessageStartingWith("Cannot plan sql: [PARSE_SYNTAX_ERROR] Syntax error at or near end of input");
  }
}
