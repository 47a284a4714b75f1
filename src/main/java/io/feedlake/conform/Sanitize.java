package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import io.feedlake.config.ConfigException;
import io.feedlake.source.Classified;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Makes every string output column loadable by Redshift Spectrum and Athena (FEEDS.md section 3;
 * Redshift "multibyte character load errors"): replaces U+FFFD (what invalid UTF-8 decodes to),
 * surrogates, the non-characters U+FDD0..U+FDEF, U+FFFE and U+FFFF, and control characters other
 * than TAB and LF (C0 except TAB/LF, DEL, C1) with a replacement, like Redshift's ACCEPTINVCHARS.
 * Optionally truncates columns to a maximum number of UTF-8 bytes (Redshift VARCHAR(n) counts
 * bytes) on a character boundary. Built-in Spark functions only (regexp_replace, encode/decode):
 * no UDF. Counts per column, over written rows: {@code sanitized.<col>} (characters replaced) and
 * {@code truncated.<col>} (values truncated).
 */
public final class Sanitize implements ConformStep {
  /** Characters Spectrum cannot load, as a Java regex character class. */
  static final String INVALID =
      "[\\x{0}-\\x{8}\\x{B}-\\x{1F}\\x{7F}-\\x{9F}\\x{D800}-\\x{DFFF}\\x{FDD0}-\\x{FDEF}\\x{FFFD}\\x{FFFE}\\x{FFFF}]";

  private final String replacement;
  private final Map<String, Integer> maxBytes;

  /**
   * @param replacement text replacing each invalid character
   * @param maxBytes column name to maximum UTF-8 bytes
   */
  public Sanitize(String replacement, Map<String, Integer> maxBytes) {
    this.replacement = replacement;
    this.maxBytes = Map.copyOf(maxBytes);
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  @Override
  public Conformed apply(Conformed in) {
    List<String> problems = new ArrayList<>();
    for (String c : maxBytes.keySet()) {
      if (!in.columns().contains(c)) {
        problems.add("conform.sanitize.max-bytes." + c + ": no output column '" + c + "' (columns: " + in.columns() + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    // One projection for all columns: chaining withColumn per column re-analyses the plan each
    // time, which is quadratic for wide feeds (Adobe delivers hundreds of string columns).
    Dataset<Row> df = in.rows();
    Column written = col(Classified.DISPOSITION).equalTo(Classified.WRITTEN);
    String quoted = Matcher.quoteReplacement(replacement);
    List<Column> values = new ArrayList<>();
    List<Column> counters = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      String name = f.name();
      Column c = col(quote(name));
      if (!in.columns().contains(name) || !f.dataType().equals(DataTypes.StringType)) {
        values.add(c);
        continue;
      }
      Column bad = c.rlike(INVALID);
      Column cleaned = when(bad, regexp_replace(c, INVALID, quoted)).otherwise(c);
      counters.add(when(written.and(bad), length(c).minus(length(regexp_replace(c, INVALID, "")))).otherwise(lit(0))
          .alias(Conformed.metricColumn("sanitized", name)));
      Integer limit = maxBytes.get(name);
      if (limit != null) {
        Column tooLong = functions.octet_length(cleaned).gt(limit);
        // Cutting the UTF-8 bytes can split a character; decoding turns the partial character into
        // U+FFFD, which cannot be in the text any more after the replacement above: strip it.
        Column cut =
            regexp_replace(
                functions.decode(functions.substring(functions.encode(cleaned, "UTF-8"), 1, limit), "UTF-8"),
                "\\x{FFFD}+$", "");
        counters.add(when(written.and(tooLong), lit(1)).otherwise(lit(0)).alias(Conformed.metricColumn("truncated", name)));
        cleaned = when(tooLong, cut).otherwise(cleaned);
      }
      values.add(cleaned.alias(name));
    }
    values.addAll(counters);
    df = df.select(values.toArray(Column[]::new));
    return new Conformed(df, in.columns());
  }
}
