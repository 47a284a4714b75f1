package io.feedlake.catalog;

import io.feedlake.config.JobSpec.TableName;
import io.feedlake.layout.PartitionLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Glue-shaped definition of a feedlake table, the one model every backend registers: an
 * external table of snappy Parquet files with Hive/Glue column types, one partition key {@code
 * date} (STRING, {@code yyyy-MM-dd}), a location, and table parameters. Athena, Redshift Spectrum,
 * Hive and Spark read this shape whichever backend stored it.
 *
 * <p>Column types are Hive type strings as Glue stores them ({@code string}, {@code bigint},
 * {@code decimal(12,2)}, {@code timestamp}, {@code array<string>}, {@code struct<a:int>}); they
 * are Spark's {@link DataType#catalogString()}, which is what Spark's own Hive client writes.
 *
 * @param name database and table
 * @param columns data columns, in file order (without the partition key)
 * @param partitionKeys partition keys ({@code date string})
 * @param location the table's root directory (fully qualified URI)
 * @param parameters table parameters feedlake sets (besides {@link #EXTERNAL})
 */
public record TableShape(
    TableName name, List<Column> columns, List<Column> partitionKeys, String location, Map<String, String> parameters) {

  /** Hive's Parquet SerDe, the one Glue crawlers, Athena and Spectrum expect for Parquet. */
  public static final String SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

  /** Hive's Parquet input format. */
  public static final String INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";

  /** Hive's Parquet output format. */
  public static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

  /** Glue/Hive table type of external tables (dropping one never deletes data). */
  public static final String EXTERNAL_TABLE = "EXTERNAL_TABLE";

  /** The table parameter Hive sets on external tables. */
  public static final String EXTERNAL = "EXTERNAL";

  public TableShape {
    columns = List.copyOf(columns);
    partitionKeys = List.copyOf(partitionKeys);
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * A column.
   *
   * @param name lower-case column name
   * @param type Hive/Glue type string
   */
  public record Column(String name, String type) {
    /** The type as a Spark data type. */
    public DataType dataType() {
      return DataType.fromDDL(type);
    }
  }

  /**
   * The shape of a feedlake table: the given data columns, partitioned by {@code date string},
   * with the parameters {@code classification=parquet} (read by Glue and Athena) and {@code
   * parquet.compression=SNAPPY}.
   *
   * @param dataColumns Parquet data columns, without {@code date}
   * @param location fully qualified table root
   */
  public static TableShape of(TableName name, StructType dataColumns, String location) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : dataColumns.fields()) {
      cols.add(new Column(f.name(), f.dataType().catalogString()));
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("classification", "parquet");
    params.put("parquet.compression", "SNAPPY");
    return new TableShape(name, cols, List.of(new Column(PartitionLayout.PARTITION_COLUMN, "string")), location, params);
  }

  /** The data columns as a Spark schema. */
  public StructType dataSchema() {
    StructType out = new StructType();
    for (Column c : columns) {
      out = out.add(c.name(), c.dataType());
    }
    return out;
  }

  /** The same table with other data columns. */
  public TableShape withColumns(StructType dataColumns) {
    return new TableShape(name, of(name, dataColumns, location).columns(), partitionKeys, location, parameters);
  }
}
