package io.feedlake.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link ReportResult}: an aligned text table, CSV (RFC 4180 quoting, via univocity, the
 * CSV library Spark ships; NULL is an empty field, an empty string is {@code ""}, spaces are kept),
 * or JSON lines (one object per row, via Jackson; decimals as exact plain-text strings).
 */
public final class ReportOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Output formats. */
  public enum Format {
    TABLE,
    CSV,
    JSON,
    /** Snappy Parquet, written by Spark into an output directory (only with {@code --out}). */
    PARQUET
  }

  private ReportOutput() {}

  /** Renders the result in a format; the text ends with a line separator. */
  public static String render(ReportResult r, Format format) {
    return switch (format) {
      case TABLE -> table(r);
      case CSV -> csv(r);
      case JSON -> jsonLines(r);
      case PARQUET -> throw new IllegalArgumentException("Parquet output is written by ReportRunner.writeParquet");
    };
  }

  private static String text(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return String.valueOf(v);
  }

  static String table(ReportResult r) {
    int n = r.columns().size();
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    for (int i = 0; i < n; i++) {
      width[i] = r.columns().get(i).length();
      numeric[i] = true;
    }
    List<String[]> cells = new ArrayList<>();
    for (List<Object> row : r.rows()) {
      String[] c = new String[n];
      for (int i = 0; i < n; i++) {
        Object v = row.get(i);
        c[i] = text(v);
        width[i] = Math.max(width[i], c[i].codePointCount(0, c[i].length()));
        numeric[i] &= v == null || v instanceof Number;
      }
      cells.add(c);
    }
    StringBuilder sb = new StringBuilder();
    String[] header = r.columns().toArray(String[]::new);
    appendRow(sb, header, width, new boolean[n]);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    sb.append(System.lineSeparator());
    for (String[] c : cells) {
      appendRow(sb, c, width, numeric);
    }
    sb.append("(").append(r.rows().size()).append(r.rows().size() == 1 ? " row)" : " rows)")
        .append(System.lineSeparator());
    return sb.toString();
  }

  private static void appendRow(StringBuilder sb, String[] c, int[] width, boolean[] right) {
    for (int i = 0; i < c.length; i++) {
      String pad = " ".repeat(width[i] - c[i].codePointCount(0, c[i].length()));
      sb.append(i == 0 ? "" : " | ").append(right[i] ? pad + c[i] : c[i] + pad);
    }
    sb.append(System.lineSeparator());
  }

  static String csv(ReportResult r) {
    StringWriter out = new StringWriter();
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.getFormat().setLineSeparator(System.lineSeparator());
    settings.setQuoteEscapingEnabled(true);
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    // NULL is an empty field, an empty string is "" (the convention of Spark's and Redshift's CSV).
    settings.setNullValue("");
    settings.setEmptyValue("\"\"");
    CsvWriter writer = new CsvWriter(out, settings);
    writer.writeHeaders(r.columns());
    for (List<Object> row : r.rows()) {
      writer.writeRow(row.stream().map(v -> v == null ? null : text(v)).toArray());
    }
    writer.close();
    return out.toString();
  }

  static String jsonLines(ReportResult r) {
    StringBuilder sb = new StringBuilder();
    try {
      for (List<Object> row : r.rows()) {
        Map<String, Object> obj = new LinkedHashMap<>();
        for (int i = 0; i < r.columns().size(); i++) {
          Object v = row.get(i);
          // Decimals (e.g. DECIMAL(20,0) ids) stay exact as plain strings: JSON readers parse
          // numbers as doubles.
          obj.put(r.columns().get(i),
              v instanceof BigDecimal || !(v == null || v instanceof Number || v instanceof Boolean) ? text(v) : v);
        }
        sb.append(JSON.writeValueAsString(obj)).append(System.lineSeparator());
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot render report row as JSON", e);
    }
    return sb.toString();
  }
}
