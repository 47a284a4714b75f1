package io.feedlake.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.report.ReportOutput.Format;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendering report results as a text table, CSV and JSON lines. */
class ReportOutputTest {

  private static final String NL = System.lineSeparator();

  private static ReportResult result(List<String> columns, List<List<Object>> rows) {
    return new ReportResult("daily_counts", Map.of(), columns, rows, new ScanEstimate(List.of()),
        new ScanMetrics(List.of()), 0, 0.25, new org.apache.spark.sql.types.StructType());
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  @Test
  void tableAlignsColumnsAndRightAlignsNumbersUnderLeftAlignedHeader() {
    ReportResult r =
        result(
            List.of("event_type", "n", "share"),
            List.of(row("open", 1234L, new BigDecimal("0.50")), row("export_photo", 7L, null)));

    assertThat(ReportOutput.render(r, Format.TABLE))
        .isEqualTo(
            "event_type   | n    | share" + NL
                + "-------------+------+------" + NL
                + "open         | 1234 |  0.50" + NL
                + "export_photo |    7 |  NULL" + NL
                + "(2 rows)" + NL);
  }

  @Test
  void tableShowsNullInTextColumnLeftAligned() {
    ReportResult r = result(List.of("country", "users"), List.of(row(null, 3), row("US", 12)));

    assertThat(ReportOutput.render(r, Format.TABLE))
        .isEqualTo(
            "country | users" + NL
                + "--------+------" + NL
                + "NULL    |     3" + NL
                + "US      |    12" + NL
                + "(2 rows)" + NL);
  }

  @Test
  void tableCountsOneRowInSingular() {
    ReportResult r = result(List.of("total"), List.of(row(42L)));

    assertThat(ReportOutput.render(r, Format.TABLE))
        .isEqualTo("total" + NL + "-----" + NL + "   42" + NL + "(1 row)" + NL);
  }

  @Test
  void tableWithoutRowsShowsHeaderAndZeroRows() {
    ReportResult r = result(List.of("a", "bb"), List.of());

    assertThat(ReportOutput.render(r, Format.TABLE))
        .isEqualTo("a | bb" + NL + "--+---" + NL + "(0 rows)" + NL);
  }

  @Test
  void tableWidthCountsCodePointsNotChars() {
    ReportResult r = result(List.of("label"), List.of(row("📷📷"), row("abc")));

    assertThat(ReportOutput.render(r, Format.TABLE))
        .isEqualTo("label" + NL + "-----" + NL + "📷📷   " + NL + "abc  " + NL + "(2 rows)" + NL);
  }

  @Test
  void tableRendersBigDecimalAsPlainText() {
    ReportResult r = result(List.of("v"), List.of(row(new BigDecimal("1E+3"))));

    assertThat(ReportOutput.render(r, Format.TABLE)).contains("1000" + NL);
  }

  @Test
  void csvQuotesDelimitersQuotesAndNewlines() {
    ReportResult r =
        result(
            List.of("name", "note"),
            List.of(row("a,\"b\"", "plain"), row("line1\nline2", "say \"hi\""), row("x", null)));

    assertThat(ReportOutput.render(r, Format.CSV))
        .isEqualTo(
            "name,note" + NL
                + "\"a,\"\"b\"\"\",plain" + NL
                + "\"line1\nline2\",\"say \"\"hi\"\"\"" + NL
                + "x," + NL);
  }

  @Test
  void csvWritesNumbersAsPlainText() {
    ReportResult r = result(List.of("n", "d"), List.of(row(5L, new BigDecimal("1E-8"))));

    assertThat(ReportOutput.render(r, Format.CSV)).isEqualTo("n,d" + NL + "5,0.00000001" + NL);
  }

  @Test
  void csvQuotesHeaderWithComma() {
    ReportResult r = result(List.of("a,b", "c"), List.of(row(1, 2)));

    assertThat(ReportOutput.render(r, Format.CSV)).isEqualTo("\"a,b\",c" + NL + "1,2" + NL);
  }

  @Test
  void jsonLinesKeepNumbersAndBooleansAndNulls() {
    ReportResult r =
        result(
            List.of("event_type", "n", "ratio", "ok", "missing"),
            List.of(row("open", 1234L, 0.5d, true, null), row("say \"hi\"", 7, 1.25d, false, null)));

    assertThat(ReportOutput.render(r, Format.JSON))
        .isEqualTo(
            "{\"event_type\":\"open\",\"n\":1234,\"ratio\":0.5,\"ok\":true,\"missing\":null}" + NL
                + "{\"event_type\":\"say \\\"hi\\\"\",\"n\":7,\"ratio\":1.25,\"ok\":false,\"missing\":null}" + NL);
  }

  @Test
  void jsonLinesWriteNonNumericValuesAsText() {
    ReportResult r = result(List.of("d"), List.of(row(java.time.LocalDate.of(2024, 3, 1))));

    assertThat(ReportOutput.render(r, Format.JSON)).isEqualTo("{\"d\":\"2024-03-01\"}" + NL);
  }

  @Test
  void jsonLinesWithoutRowsIsEmpty() {
    assertThat(ReportOutput.render(result(List.of("a"), List.of()), Format.JSON)).isEmpty();
  }

  @Test
  void jsonLinesWriteBigDecimalAsPlainTextString() {
    ReportResult r = result(List.of("tiny", "big"), List.of(row(new BigDecimal("1E-8"), new BigDecimal("1.20E+3"))));

    assertThat(ReportOutput.render(r, Format.JSON)).isEqualTo("{\"tiny\":\"0.00000001\",\"big\":\"1200\"}" + NL);
  }

  @Test
  void csvKeepsLeadingAndTrailingSpaces() {
    ReportResult r = result(List.of("a", "b"), List.of(row("  padded ", " ")));

    assertThat(ReportOutput.render(r, Format.CSV)).isEqualTo("a,b" + NL + "  padded , " + NL);
  }

  @Test
  void csvDistinguishesEmptyStringFromNull() {
    ReportResult r = result(List.of("a", "b"), List.of(row("", null)));

    assertThat(ReportOutput.render(r, Format.CSV)).isEqualTo("a,b" + NL + "\"\"," + NL);
  }
}
