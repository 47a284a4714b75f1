package io.feedlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.report.SqlParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report definitions: inferred and declared parameters, and every .conf problem at once. */
class ReportSpecsTest {
  @TempDir Path dir;

  @Test
  void withoutAConfTheMarkersAreTheParameters() throws IOException {
    Files.writeString(dir.resolve("r.sql"), "SELECT * FROM t WHERE `date` BETWEEN :from AND :to AND c = :country");

    ReportSpec spec = ReportSpecs.load(dir.toString(), "r", SqlParameters::markers);

    assertThat(spec.params()).extracting(ReportSpec.Param::name, ReportSpec.Param::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("from", ReportSpec.ParamType.DATE),
        org.assertj.core.groups.Tuple.tuple("to", ReportSpec.ParamType.DATE),
        org.assertj.core.groups.Tuple.tuple("country", ReportSpec.ParamType.STRING));
  }

  @Test
  void declaredParametersFollowTheSqlOrderWithLimitsAndFormat() throws IOException {
    Files.writeString(dir.resolve("r.sql"), "SELECT * FROM t WHERE `date` = :date AND c = :country LIMIT :n");
    Files.writeString(dir.resolve("r.conf"), String.join("\n",
        "description = \"Daily\"", "format = csv", "max-scan-bytes = 1 GiB",
        "params { n { type = int, default = \"5\" }, country { type = string, allowed = [US, CA] }, date { type = date } }"));

    ReportSpec spec = ReportSpecs.load(dir.toString(), "r", SqlParameters::markers);

    assertThat(spec.params()).extracting(ReportSpec.Param::name).containsExactly("date", "country", "n");
    assertThat(spec.maxScanBytes()).isEqualTo(1L << 30);
    assertThat(spec.defaultFormat()).isEqualTo("csv");
    assertThat(spec.description()).isEqualTo("Daily");
  }

  @Test
  void confProblemsAreAllReported() throws IOException {
    Files.writeString(dir.resolve("r.sql"), "SELECT * FROM t WHERE `date` = :date AND c = :country");
    Files.writeString(dir.resolve("r.conf"), String.join("\n",
        "format = xml", "colour = red",
        "params { date { type = datetime }, extra { type = int }, country { type = string, allowed = [US], default = CA } }"));

    ConfigException e = catchThrowableOfType(() -> ReportSpecs.load(dir.toString(), "r", SqlParameters::markers),
        ConfigException.class);

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "r.conf: colour: unknown key (expected description, format, max-scan-bytes, params, optional-columns)",
        "r.conf: format: 'xml' is not supported (expected table, csv, json or parquet)",
        "r.conf: params.date.type: 'datetime' is not supported (expected date, string or int)",
        "r.conf: params.country.default: 'CA' is not in allowed [US]",
        "r.conf: params.extra is declared but the SQL has no :extra marker");
  }

  @Test
  void anUnknownReportNamesTheAvailableOnes() throws IOException {
    Files.writeString(dir.resolve("a.sql"), "SELECT 1");

    var e = catchThrowableOfType(() -> ReportSpecs.load(dir.toString(), "b", SqlParameters::markers),
        io.feedlake.FeedlakeException.class);

    assertThat(e).hasMessageContaining("No report 'b'").hasMessageContaining("(reports: [a])");
  }

  @Test
  void wrongValueTypesInAReportConfAreProblemsNotInternalErrors() throws IOException {
    Files.writeString(dir.resolve("r.sql"), "SELECT * FROM t WHERE `date` = :date AND c = :country AND n = :n");
    Files.writeString(dir.resolve("r.conf"), String.join("\n",
        "description = [a]", "format = {x = 1}",
        "params { date = date, country { type = [string] }, n { type = int, allowed = {a = 1}, default = [1] } }"));

    ConfigException e = catchThrowableOfType(() -> ReportSpecs.load(dir.toString(), "r", SqlParameters::markers),
        ConfigException.class);

    assertThat(e).isNotNull();
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "r.conf: description: expected a string, got [\"a\"]",
        "r.conf: format: expected a string, got {\"x\":1}",
        "r.conf: params.date: expected an object such as { type = date }, got \"date\"",
        "r.conf: params.country.type: expected a string, got [\"string\"]",
        "r.conf: params.n.allowed: expected a list of values, got {\"a\":1}",
        "r.conf: params.n.default: expected a string, got [1]");
  }

  @Test
  void theAdobeMetricsReportDeclaresWhatItCanDoWithout() {
    ReportSpec spec = ReportSpecs.load("jobs/reports", "adobe_daily_metrics", SqlParameters::markers);

    ReportSpec.OptionalColumns o = spec.optionalColumns();
    assertThat(o.table()).isEqualTo("beta.adobe_clickstream");
    assertThat(o.columns().keySet()).containsExactly("exclude_hit", "hit_source", "post_page_event", "post_page_url",
        "post_pagename", "post_visid_high", "post_visid_low", "visit_num", "visit_start_time_gmt");
    assertThat(o.outputs().get("page_views")).isEqualTo(
        new ReportSpec.Needs(java.util.List.of(), java.util.List.of("post_pagename", "post_page_url")));
    assertThat(o.outputs().get("page_views").missing(java.util.Set.of("post_pagename"))).isEmpty();
    assertThat(o.outputs().get("visits").missing(java.util.Set.of("visit_num", "hit_source"))).containsExactly("visit_num");
  }

  @Test
  void optionalColumnProblemsAreAllReported() throws IOException {
    Files.writeString(dir.resolve("r.sql"), "SELECT count(*) AS n FROM t");
    Files.writeString(dir.resolve("r.conf"), String.join("\n",
        "optional-columns {",
        "  columns { a { type = int, colour = red }, b = 3 }",
        "  outputs { n = [a, c], m = { some-of = [a] }, k = 7 }",
        "  extra = 1",
        "}"));

    ConfigException e = catchThrowableOfType(() -> ReportSpecs.load(dir.toString(), "r", SqlParameters::markers),
        ConfigException.class);

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "r.conf: optional-columns.extra: unknown key (expected table, columns, outputs)",
        "r.conf: optional-columns.table: missing (the table the columns belong to, as the SQL names it, e.g. beta.adobe_clickstream)",
        "r.conf: optional-columns.columns.a.colour: unknown key (expected type, note)",
        "r.conf: optional-columns.columns.b: expected { type = ..., note = \"...\" }, got 3",
        "r.conf: optional-columns.outputs.n: 'c' is not one of optional-columns.columns [a]",
        "r.conf: optional-columns.outputs.m.some-of: unknown key (expected all-of, any-of)",
        "r.conf: optional-columns.outputs.k: expected a list of column names or { all-of = [...], any-of = [...] }, got 7");
  }

  @Test
  void aReportNameLeadingOutOfTheReportDirectoryIsRefused() throws IOException {
    Path reports = Files.createDirectories(dir.resolve("reports"));
    Files.writeString(dir.resolve("secret.sql"), "SELECT 1");

    io.feedlake.FeedlakeException e = catchThrowableOfType(
        () -> ReportSpecs.load(reports.toString(), "../secret", SqlParameters::markers), io.feedlake.FeedlakeException.class);

    assertThat(e.exitCode()).isEqualTo(io.feedlake.ExitCode.USAGE);
    assertThat(e.getMessage()).startsWith("report '../secret': resolves to " + dir.resolve("secret.sql") + ", outside ");
  }
}
