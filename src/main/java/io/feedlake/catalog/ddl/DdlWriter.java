package io.feedlake.catalog.ddl;

import io.feedlake.catalog.TableShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VarcharType;

/**
 * Writes the DDL that declares feedlake tables in another engine, from the catalog's {@link
 * TableShape} and partition locations. Pure text: no catalog or storage access.
 *
 * <p>{@code spectrum} (Amazon Redshift; "CREATE EXTERNAL SCHEMA", "CREATE EXTERNAL TABLE" and
 * "ALTER TABLE ... ADD PARTITION" in the Amazon Redshift Database Developer Guide): identifiers
 * double-quoted (so {@code date}, {@code user} and {@code timestamp}, reserved or not, are safe),
 * Redshift types (string as {@code VARCHAR(n)} with n the column's {@code
 * conform.sanitize.max-bytes} when set, else 65535, the Redshift maximum, because VARCHAR lengths
 * count bytes and Spectrum truncates longer values; {@code DOUBLE PRECISION}, {@code REAL},
 * {@code SMALLINT} for tinyint, {@code TIMESTAMP}, {@code DECIMAL(p,s)}, {@code VARBYTE(65535)};
 * arrays, structs and maps as Spectrum nested types {@code array<...>}, {@code struct<...>},
 * {@code map<...>}), the partition key {@code "date" VARCHAR(10)} (Glue stores it as string),
 * {@code TABLE PROPERTIES}, and partitions added at most {@value #PARTITIONS_PER_STATEMENT} per
 * ALTER TABLE statement (the Redshift limit per statement).
 *
 * <p>{@code athena} and {@code hive}: HiveQL with backquoted identifiers and Hive types, {@code
 * CREATE DATABASE}, {@code TBLPROPERTIES}, the same batching. {@code spectrum} and {@code athena}
 * rewrite {@code s3a://} and {@code s3n://} locations to {@code s3://}, the only scheme they read.
 */
public final class DdlWriter {
  /** Most partitions per ALTER TABLE ADD PARTITION statement (Amazon Redshift limit). */
  public static final int PARTITIONS_PER_STATEMENT = 100;

  /** Longest Redshift VARCHAR, in bytes. */
  public static final int MAX_VARCHAR = 65535;

  /** Target dialects. */
  public enum Dialect {
    SPECTRUM,
    ATHENA,
    HIVE
  }

  /**
   * Settings of one DDL script.
   *
   * @param dialect the target
   * @param externalSchema Redshift external schema name ({@code spectrum} only)
   * @param region AWS region placeholder or value for the external schema
   * @param iamRole IAM role ARN placeholder or value for the external schema
   * @param lakeRoot the lake root as the catalog's locations spell it (fully qualified)
   * @param locationRoot what replaces {@code lakeRoot} in locations (e.g. {@code
   *     s3://bucket/lake}), or null to keep them
   */
  public record Options(
      Dialect dialect, String externalSchema, String region, String iamRole, String lakeRoot, String locationRoot) {}

  /**
   * A table to declare.
   *
   * @param shape the table as the catalog stores it
   * @param partitions date to location
   * @param varcharBytes top-level string column to its maximum UTF-8 bytes
   */
  public record Table(TableShape shape, SortedMap<String, String> partitions, Map<String, Integer> varcharBytes) {}

  private DdlWriter() {}

  /** The whole script: the schema or database once, then each table and its partitions. */
  public static String script(List<Table> tables, Options o) {
    StringBuilder sb = new StringBuilder();
    String database = tables.get(0).shape().name().database();
    if (o.dialect() == Dialect.SPECTRUM) {
      sb.append("-- Amazon Redshift Spectrum. An external schema over the Glue database exposes every table\n")
          .append("-- registered in it; the CREATE EXTERNAL TABLE statements are for a catalog that does not\n")
          .append("-- have them yet (catalog.type embedded or hive).\n")
          .append("CREATE EXTERNAL SCHEMA IF NOT EXISTS ").append(q(o, o.externalSchema())).append('\n')
          .append("FROM DATA CATALOG\n")
          .append("DATABASE '").append(database).append("'\n")
          .append("REGION '").append(o.region()).append("'\n")
          .append("IAM_ROLE '").append(o.iamRole()).append("'\n")
          .append("CREATE EXTERNAL DATABASE IF NOT EXISTS;\n");
    } else {
      sb.append("CREATE DATABASE IF NOT EXISTS ").append(q(o, database)).append(";\n");
    }
    for (Table t : tables) {
      sb.append('\n').append(createTable(t, o));
      List<String> alters = addPartitions(t, o);
      alters.forEach(a -> sb.append('\n').append(a));
    }
    return sb.toString();
  }

  static String createTable(Table t, Options o) {
    TableShape s = t.shape();
    StringJoiner cols = new StringJoiner(",\n  ", "(\n  ", "\n)");
    for (TableShape.Column c : s.columns()) {
      cols.add(q(o, c.name()) + " " + type(o.dialect(), c.dataType(), t.varcharBytes().get(c.name())));
    }
    StringJoiner keys = new StringJoiner(", ");
    s.partitionKeys().forEach(k -> keys.add(q(o, k.name()) + " "
        + (o.dialect() == Dialect.SPECTRUM ? "VARCHAR(10)" : k.type())));
    StringJoiner props = new StringJoiner(", ", "(", ")");
    // Sorted: metastores return parameters in no particular order.
    new java.util.TreeMap<>(s.parameters()).forEach((k, v) -> props.add("'" + k + "'='" + v + "'"));
    boolean spectrum = o.dialect() == Dialect.SPECTRUM;
    return "CREATE EXTERNAL TABLE " + (spectrum ? "" : "IF NOT EXISTS ") + table(o, s) + " " + cols + "\n"
        + "PARTITIONED BY (" + keys + ")\n"
        + "STORED AS PARQUET\n"
        + "LOCATION '" + folder(location(o, s.location())) + "'\n"
        + (spectrum ? "TABLE PROPERTIES " : "TBLPROPERTIES ") + props + ";\n";
  }

  static List<String> addPartitions(Table t, Options o) {
    List<String> out = new ArrayList<>();
    List<Map.Entry<String, String>> parts = new ArrayList<>(t.partitions().entrySet());
    String key = q(o, t.shape().partitionKeys().get(0).name());
    for (int i = 0; i < parts.size(); i += PARTITIONS_PER_STATEMENT) {
      StringBuilder sb = new StringBuilder("ALTER TABLE ").append(table(o, t.shape())).append(" ADD IF NOT EXISTS");
      for (Map.Entry<String, String> p : parts.subList(i, Math.min(parts.size(), i + PARTITIONS_PER_STATEMENT))) {
        sb.append("\n  PARTITION (").append(key).append("='").append(p.getKey()).append("') LOCATION '")
            .append(folder(location(o, p.getValue()))).append('\'');
      }
      out.add(sb.append(";\n").toString());
    }
    return out;
  }

  /**
   * The type of a column in the dialect.
   *
   * @param varcharBytes the column's byte limit, or null
   * @throws IllegalArgumentException for a type the dialect cannot declare
   */
  public static String type(Dialect dialect, DataType t, Integer varcharBytes) {
    if (dialect != Dialect.SPECTRUM) {
      return t.catalogString();
    }
    return redshift(t, varcharBytes, true);
  }

  private static String redshift(DataType t, Integer varcharBytes, boolean top) {
    String s;
    if (t instanceof StringType) {
      s = "VARCHAR(" + (varcharBytes == null ? MAX_VARCHAR : Math.min(varcharBytes, MAX_VARCHAR)) + ")";
    } else if (t instanceof VarcharType v) {
      s = "VARCHAR(" + v.length() + ")";
    } else if (t instanceof CharType c) {
      s = "CHAR(" + c.length() + ")";
    } else if (t instanceof BooleanType) {
      s = "BOOLEAN";
    } else if (t instanceof ByteType || t instanceof ShortType) {
      s = "SMALLINT";
    } else if (t instanceof IntegerType) {
      s = "INTEGER";
    } else if (t instanceof LongType) {
      s = "BIGINT";
    } else if (t instanceof FloatType) {
      s = "REAL";
    } else if (t instanceof DoubleType) {
      s = "DOUBLE PRECISION";
    } else if (t instanceof DecimalType d) {
      s = "DECIMAL(" + d.precision() + "," + d.scale() + ")";
    } else if (t instanceof DateType) {
      s = "DATE";
    } else if (t instanceof TimestampType || t instanceof TimestampNTZType) {
      s = "TIMESTAMP";
    } else if (t instanceof BinaryType) {
      s = "VARBYTE(" + MAX_VARCHAR + ")";
    } else if (t instanceof ArrayType a) {
      return "array<" + redshift(a.elementType(), null, false) + ">";
    } else if (t instanceof MapType m) {
      return "map<" + redshift(m.keyType(), null, false) + "," + redshift(m.valueType(), null, false) + ">";
    } else if (t instanceof StructType st) {
      StringJoiner fields = new StringJoiner(",", "struct<", ">");
      for (StructField f : st.fields()) {
        fields.add(f.name().toLowerCase(Locale.ROOT) + ":" + redshift(f.dataType(), null, false));
      }
      return fields.toString();
    } else {
      throw new IllegalArgumentException("Cannot declare type " + t.catalogString() + " in Redshift Spectrum");
    }
    // Nested types are written in lower case, as in Redshift's nested-data examples.
    return top ? s : s.toLowerCase(Locale.ROOT);
  }

  private static String table(Options o, TableShape s) {
    String schema = o.dialect() == Dialect.SPECTRUM ? o.externalSchema() : s.name().database();
    return q(o, schema) + "." + q(o, s.name().table());
  }

  private static String q(Options o, String name) {
    return o.dialect() == Dialect.SPECTRUM ? "\"" + name.replace("\"", "\"\"") + "\"" : "`" + name.replace("`", "``") + "`";
  }

  private static String location(Options o, String location) {
    String out = location;
    if (o.locationRoot() != null) {
      String root = o.lakeRoot().endsWith("/") ? o.lakeRoot().substring(0, o.lakeRoot().length() - 1) : o.lakeRoot();
      String to = o.locationRoot().endsWith("/") ? o.locationRoot().substring(0, o.locationRoot().length() - 1) : o.locationRoot();
      if (out.equals(root) || out.startsWith(root + "/")) {
        out = to + out.substring(root.length());
      }
    }
    if (o.dialect() != Dialect.HIVE) {
      out = out.replaceFirst("^s3[an]://", "s3://");
    }
    return out;
  }

  private static String folder(String location) {
    return location.endsWith("/") ? location : location + "/";
  }
}
