package io.feedlake.source.delimited;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.feedlake.conform.PayloadParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parses delimited rows ({@code payload STRING}, one line without its terminator) with Spark's
 * CSV parser ({@code from_csv}: the univocity-based parser and options of Spark's CSV reader) in
 * PERMISSIVE mode with a corrupt-record column, against an explicit schema (no inference). Files
 * may order their columns differently: each distinct header ({@link HeaderLayout}, selected by the
 * row's {@code _header_group}) gets its own schema in file order, and the declared columns are then
 * picked by name. Pure; no shuffle.
 *
 * <p>A row is invalid ({@code csv_parse_error}) when it has more or fewer fields than its header,
 * or a value that does not convert to its declared type; the message says which ({@code expected 6
 * fields as in the header, got 5}, or {@code column 'impressions' (int): cannot parse 'seven'}).
 */
public final class DelimitedPayload implements PayloadParser {
  /** Input column: the index of the row's file's header in the layouts list. */
  public static final String HEADER_GROUP = "_header_group";

  private static final String CORRUPT = "_corrupt_row";

  private final List<HeaderLayout> layouts;
  private final CsvDialect dialect;

  /**
   * @param layouts the distinct headers of the files, indexed by {@link #HEADER_GROUP}
   * @param dialect delimiter, quote, escape, null text and timestamp pattern
   */
  public DelimitedPayload(List<HeaderLayout> layouts, CsvDialect dialect) {
    this.layouts = List.copyOf(layouts);
    this.dialect = dialect;
  }

  @Override
  public String invalidReason() {
    return "csv_parse_error";
  }

  @Override
  public Dataset<Row> parse(Dataset<Row> rows, StructType schema) {
    Column group = col(HEADER_GROUP);
    Column parsed = null;
    Column invalid = lit(false);
    Column message = null;
    CsvDialect d = dialect;
    UserDefinedFunction fieldCount =
        functions.udf((UDF1<String, Integer>) line -> d.split(line).length, DataTypes.IntegerType);
    Dataset<Row> out = rows;
    for (int i = 0; i < layouts.size(); i++) {
      HeaderLayout layout = layouts.get(i);
      String typed = "_csv_" + i;
      String text = "_csv_text_" + i;
      Column typedSchema = lit(fileSchema(layout, schema, true).toDDL());
      Column textSchema = lit(fileSchema(layout, schema, false).toDDL());
      out = out.withColumn(typed, when(group.equalTo(i),
          functions.from_csv(col("payload"), typedSchema, dialect.sparkOptions(CORRUPT))));
      // Only rows that failed are parsed again, all as text, to name the offending value.
      out = out.withColumn(text, when(group.equalTo(i).and(col(typed).getField(CORRUPT).isNotNull()),
          functions.from_csv(col("payload"), textSchema, dialect.sparkOptions(CORRUPT))));
      List<Column> fields = new ArrayList<>();
      for (StructField f : schema.fields()) {
        fields.add(col(typed).getField(f.name()).alias(f.name()));
      }
      Column struct = functions.struct(fields.toArray(Column[]::new));
      parsed = parsed == null ? when(group.equalTo(i), struct) : parsed.when(group.equalTo(i), struct);
      Column bad = group.equalTo(i).and(col(typed).getField(CORRUPT).isNotNull());
      invalid = invalid.or(bad);
      Column why = explain(layout, schema, col(typed), col(text), fieldCount.apply(col("payload")));
      message = message == null ? when(bad, why) : message.when(bad, why);
    }
    return out
        .withColumn(PARSED, parsed == null ? lit(null).cast(schema) : parsed)
        .withColumn(INVALID, col("payload").isNotNull().and(invalid))
        .withColumn(MESSAGE, message == null ? lit(null).cast("string") : message);
  }

  /**
   * The schema of a file with this layout, in file order: declared columns with their declared
   * type (or all as text), undeclared ones as text, plus the corrupt-record column.
   */
  private static StructType fileSchema(HeaderLayout layout, StructType declared, boolean withTypes) {
    StructType s = new StructType();
    for (int p = 0; p < layout.size(); p++) {
      String name = layout.declaredAt(p);
      DataType type = name != null && withTypes ? declared.apply(name).dataType() : DataTypes.StringType;
      s = s.add(name != null ? name : "_undeclared_" + p, type, true);
    }
    return s.add(CORRUPT, DataTypes.StringType, true);
  }

  private Column explain(HeaderLayout layout, StructType schema, Column typed, Column text, Column count) {
    List<Column> valueProblems = new ArrayList<>();
    for (StructField f : schema.fields()) {
      Column token = text.getField(f.name());
      valueProblems.add(
          when(token.isNotNull().and(typed.getField(f.name()).isNull()),
              concat(lit("column '" + f.name() + "' (" + f.dataType().simpleString().toLowerCase(Locale.ROOT)
                  + "): cannot parse '"), token, lit("'"))));
    }
    valueProblems.add(lit("row does not parse as delimited text with the declared types"));
    return when(count.notEqual(layout.size()),
            concat(lit("expected " + layout.size() + " fields as in the header, got "), count.cast("string")))
        .otherwise(coalesce(valueProblems.toArray(Column[]::new)));
  }
}
