package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import io.feedlake.config.ConfigException;
import io.feedlake.config.Rules.ControlCharacters;
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
 * Makes every string output column loadable by Redshift Spectrum and Athena (FEEDS.md section 3),
 * replacing, like Redshift's {@code ACCEPTINVCHARS}, only what Redshift rejects or calls not a
 * valid character. The source of each replaced code point is the AWS page "Multibyte character
 * load errors" (Amazon Redshift Database Developer Guide,
 * https://docs.aws.amazon.com/redshift/latest/dg/multi-byte-character-load-errors.html):
 *
 * <ul>
 *   <li>U+FFFD: what feedlake's readers and Spark decode an invalid UTF-8 byte sequence to; the
 *       page's VARCHAR error table lists invalid sequences (incomplete, over-long, out of range)
 *       as load errors. A U+FFFD that was delivered as valid UTF-8 cannot be told apart from one
 *       and is replaced as well.
 *   <li>U+D800..U+DFFF (surrogates): not encodable in well-formed UTF-8; the page's error table
 *       lists a character reserved as a surrogate as a load error.
 *   <li>U+FDD0..U+FDEF, and U+FFFE, U+FFFF and every plane's U+nFFFE and U+nFFFF up to U+10FFFF:
 *       the page's list of code points that are valid UTF-8 but "not valid characters".
 * </ul>
 *
 * <p>CR, LF, TAB and the other control characters are valid UTF-8, and Spectrum reads them from
 * Parquet: they are kept unless {@link ControlCharacters#REPLACE} asks to replace C0 controls
 * other than TAB and LF, DEL and C1 too. Optionally truncates columns to a maximum number of UTF-8
 * bytes (Redshift VARCHAR(n) counts bytes) on a character boundary. Built-in Spark functions only
 * (regexp_replace, encode/decode): no UDF. Counts per column, over written rows: {@code
 * sanitized.<col>} (characters replaced) and {@code truncated.<col>} (values truncated).
 */
public final class Sanitize implements ConformStep {
  /** Code points Spectrum cannot load (see the class comment for the source of each). */
  static final String INVALID = rejected();

  /** {@link #INVALID} plus the control characters other than TAB and LF. */
  static final String INVALID_OR_CONTROL = "[\\x{0}-\\x{8}\\x{B}-\\x{1F}\\x{7F}-\\x{9F}" + rejected() + "]";

  private final String replacement;
  private final Map<String, Integer> maxBytes;
  private final String pattern;

  /**
   * Sanitize that keeps control characters.
   *
   * @param replacement text replacing each invalid character
   * @param maxBytes column name to maximum UTF-8 bytes
   */
  public Sanitize(String replacement, Map<String, Integer> maxBytes) {
    this(replacement, maxBytes, ControlCharacters.KEEP);
  }

  /**
   * @param replacement text replacing each invalid character
   * @param maxBytes column name to maximum UTF-8 bytes
   * @param controls whether control characters are kept or replaced too
   */
  public Sanitize(String replacement, Map<String, Integer> maxBytes, ControlCharacters controls) {
    this.replacement = replacement;
    this.maxBytes = Map.copyOf(maxBytes);
    this.pattern = controls == ControlCharacters.REPLACE ? INVALID_OR_CONTROL : INVALID;
  }

  /**
   * The Java regex class of the code points the AWS page names. Every one of them is at or above
   * U+D800, so the class is that one range intersected with the list: java.util.regex tests a
   * union of ranges one predicate at a time, and the intersection lets the ordinary character (far
   * below U+D800) fail on the first test instead of on all twenty ranges (scripts/bench sanitize).
   */
  private static String rejected() {
    StringBuilder sb = new StringBuilder("[\\x{D800}-\\x{10FFFF}&&[\\x{D800}-\\x{DFFF}\\x{FDD0}-\\x{FDEF}\\x{FFFD}");
    for (int plane = 0; plane <= 0x10; plane++) {
      int base = plane << 16;
      sb.append(String.format("\\x{%X}-\\x{%X}", base | 0xFFFE, base | 0xFFFF));
    }
    sb.append("]]");
    return sb.toString();
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
      Column c = col(Flatten.quote(name));
      if (!in.columns().contains(name) || !f.dataType().equals(DataTypes.StringType)) {
        values.add(c);
        continue;
      }
      Column bad = c.rlike(pattern);
      Column cleaned = when(bad, regexp_replace(c, pattern, quoted)).otherwise(c);
      counters.add(when(written.and(bad), length(c).minus(length(regexp_replace(c, pattern, "")))).otherwise(lit(0))
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
