package io.feedlake.source;

import io.feedlake.config.ConfigException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.spark.sql.avro.SchemaConverters;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Loads a declared payload schema: a Spark DDL string, or an Avro {@code .avsc} file converted
 * with spark-avro's {@code SchemaConverters} (the same mapping Spark's Avro reader uses). Runs on
 * the driver at start-up, so a bad schema fails before any data is read.
 */
public final class PayloadSchemas {
  private PayloadSchemas() {}

  /**
   * @param ddl Spark DDL such as {@code event_id STRING, user STRUCT<id: STRING>}, or null
   * @param avscPath path of an Avro record schema file, or null (exactly one must be set)
   * @return the schema as a Spark struct
   * @throws ConfigException (exit 2) naming the key when the schema cannot be parsed
   */
  public static StructType load(String ddl, String avscPath) {
    if (ddl != null) {
      try {
        return StructType.fromDDL(ddl);
      } catch (Exception e) {
        // Spark's ParseException is checked in Java but not declared.
        throw new ConfigException(
            List.of("source.schema.ddl: not a valid Spark DDL schema: " + sparkReason(e.getMessage())
                + " in \"" + shorten(ddl) + "\""));
      }
    }
    try {
      Schema avro = new Schema.Parser().parse(new File(avscPath));
      DataType type = SchemaConverters.toSqlType(avro).dataType();
      if (!(type instanceof StructType struct)) {
        throw new ConfigException(
            List.of("source.schema.avsc: " + avscPath + " is not an Avro record schema (got "
                + avro.getType() + ")"));
      }
      return struct;
    } catch (IOException | SchemaParseException e) {
      throw new ConfigException(
          List.of("source.schema.avsc: cannot read Avro schema " + avscPath + ": " + e.getMessage()));
    }
  }

  /**
   * The text of a declared Avro schema file, for readers that need the Avro schema itself on
   * executors (it is shipped as text and parsed there).
   *
   * @param avscPath path of an Avro record schema file
   * @throws ConfigException (exit 2) when the file cannot be read
   */
  public static String avroSchemaText(String avscPath) {
    try {
      return Files.readString(Path.of(avscPath), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          List.of("source.schema.avsc: cannot read Avro schema " + avscPath + ": " + e.getMessage()));
    }
  }

  /**
   * The meaningful part of Spark's parser message: it starts with a line break and ends with the
   * statement drawn under {@code == SQL ==}, so its first line is empty. Keeps the text before that
   * drawing on one line, e.g. {@code [PARSE_SYNTAX_ERROR] Syntax error at or near ','. (line 1,
   * pos 9)}.
   */
  static String sparkReason(String message) {
    if (message == null || message.isBlank()) {
      return "(Spark gave no reason)";
    }
    int sql = message.indexOf("== SQL ==");
    String reason = (sql < 0 ? message : message.substring(0, sql)).strip().replaceAll("\\s+", " ");
    return reason.isEmpty() ? message.strip().replaceAll("\\s+", " ") : reason;
  }

  private static String shorten(String ddl) {
    return ddl.length() <= 200 ? ddl : ddl.substring(0, 197) + "...";
  }
}
