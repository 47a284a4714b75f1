package io.feedlake.source.delimited;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import io.feedlake.config.JobSpec.DelimitedSourceSpec;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delimiter, quote, escape and null text of a delimited feed, as the options of Spark's CSV
 * parser and as a univocity tokenizer configured the way Spark configures it for reading
 * (Spark's {@code CSVOptions.asParserSettings}: no whitespace trimming, unescaped quotes stop at
 * the delimiter, no column length limit). The tokenizer splits header rows on the driver and
 * counts the fields of rows that failed to parse, on executors. Immutable and serializable.
 *
 * @param delimiter field delimiter
 * @param quote quote character
 * @param escape escape character inside quoted values
 * @param nullValue the text that stands for null
 * @param timestampFormat Spark datetime pattern for TIMESTAMP columns, or null for ISO-8601
 */
public record CsvDialect(char delimiter, char quote, char escape, String nullValue, String timestampFormat)
    implements Serializable {

  /** The dialect a delimited source is configured with. */
  public static CsvDialect of(DelimitedSourceSpec spec) {
    return new CsvDialect(spec.delimiter(), spec.quote(), spec.escape(), spec.nullValue(), spec.timestampFormat());
  }

  /**
   * Options for {@code from_csv}: the dialect, PERMISSIVE mode and the corrupt-record column.
   *
   * @param corruptColumn the column that receives the raw text of a row that does not parse
   */
  public Map<String, String> sparkOptions(String corruptColumn) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("sep", String.valueOf(delimiter));
    o.put("quote", String.valueOf(quote));
    o.put("escape", String.valueOf(escape));
    o.put("nullValue", nullValue);
    o.put("mode", "PERMISSIVE");
    o.put("columnNameOfCorruptRecord", corruptColumn);
    if (timestampFormat != null) {
      o.put("timestampFormat", timestampFormat);
    }
    return o;
  }

  /**
   * Splits one line into its fields.
   *
   * @return the fields (an empty line gives one empty field)
   */
  public String[] split(String line) {
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(delimiter);
    s.getFormat().setQuote(quote);
    s.getFormat().setQuoteEscape(escape);
    s.getFormat().setLineSeparator("\n");
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setUnescapedQuoteHandling(UnescapedQuoteHandling.STOP_AT_DELIMITER);
    s.setMaxCharsPerColumn(-1);
    s.setMaxColumns(20480);
    s.setNullValue("");
    s.setEmptyValue("");
    String[] fields = new CsvParser(s).parseLine(line);
    return fields == null ? new String[] {""} : fields;
  }
}
