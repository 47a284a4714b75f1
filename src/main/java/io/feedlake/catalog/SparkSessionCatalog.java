package io.feedlake.catalog;

import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import io.feedlake.layout.PartitionLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@link PartitionCatalog} on Spark's Hive-compatible session catalog (the embedded Derby
 * metastore by default). Tables are Hive external tables {@code STORED AS PARQUET}, the shape AWS
 * Glue, Athena and Redshift Spectrum read. All calls run on the driver; each is one metastore
 * round trip per statement.
 */
public final class SparkSessionCatalog implements PartitionCatalog {
  private final SparkSession spark;

  /** @param spark a Hive-enabled session */
  public SparkSessionCatalog(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public void ensureTable(TableName table, StructType dataColumns, String location, SchemaEvolution evolution) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + ident(table.database()));
    if (!spark.catalog().tableExists(table.database(), table.table())) {
      create(table, dataColumns, location);
      return;
    }
    evolve(table, dataColumns, location, evolution);
  }

  private void create(TableName table, StructType dataColumns, String location) {
    StringJoiner cols = new StringJoiner(",\n  ", "(\n  ", "\n)");
    for (StructField f : dataColumns.fields()) {
      cols.add(ident(f.name()) + " " + f.dataType().sql());
    }
    spark.sql(
        "CREATE EXTERNAL TABLE " + qualified(table) + " " + cols
            + "\nPARTITIONED BY (" + ident(PartitionLayout.PARTITION_COLUMN) + " STRING)"
            + "\nSTORED AS PARQUET"
            + "\nLOCATION " + literal(location)
            + "\nTBLPROPERTIES ('classification'='parquet', 'parquet.compression'='SNAPPY')");
  }

  private void evolve(TableName table, StructType wanted, String location, SchemaEvolution evolution) {
    Map<String, StructField> existing = new LinkedHashMap<>();
    for (StructField f : spark.table(qualified(table)).schema().fields()) {
      if (!f.name().equals(PartitionLayout.PARTITION_COLUMN)) {
        existing.put(f.name().toLowerCase(Locale.ROOT), f);
      }
    }
    List<String> problems = new ArrayList<>();
    List<String> additions = new ArrayList<>();
    List<StructField> added = new ArrayList<>();
    Map<String, StructField> wantedByName = new LinkedHashMap<>();
    for (StructField f : wanted.fields()) {
      wantedByName.put(f.name().toLowerCase(Locale.ROOT), f);
      StructField old = existing.get(f.name().toLowerCase(Locale.ROOT));
      if (old == null) {
        added.add(f);
        additions.add("  + " + f.name() + ": " + f.dataType().catalogString());
      } else if (!old.dataType().catalogString().equals(f.dataType().catalogString())) {
        problems.add("  ~ " + f.name() + ": " + old.dataType().catalogString() + " -> "
            + f.dataType().catalogString());
      }
    }
    for (StructField old : existing.values()) {
      if (!wantedByName.containsKey(old.name().toLowerCase(Locale.ROOT))) {
        problems.add("  - " + old.name() + ": " + old.dataType().catalogString() + " (no longer produced)");
      }
    }
    if (evolution == SchemaEvolution.NONE && !added.isEmpty()) {
      problems.addAll(0, additions);
    }
    if (!problems.isEmpty() && evolution != SchemaEvolution.PERMISSIVE) {
      throw FeedlakeException.dataContract(
          "Cannot publish to " + table.qualified() + ": the conformed schema differs from the catalog"
              + " table and schema.evolution = " + evolution.name().toLowerCase(java.util.Locale.ROOT)
              + (evolution == SchemaEvolution.ADDITIVE ? " allows only added columns" : " allows no change")
              + ":\n" + String.join("\n", problems)
              + "\n(set schema.evolution = permissive in the job to accept these changes)");
    }
    if (!problems.isEmpty()) {
      // PERMISSIVE: the table takes the conformed columns, keeping its column order (Hive compares
      // columns by position) and appending new ones. Old partitions whose files hold another type
      // for a column may then fail to read that column.
      StructType evolved = new StructType();
      for (StructField old : existing.values()) {
        StructField now = wantedByName.get(old.name().toLowerCase(Locale.ROOT));
        if (now != null) {
          evolved = evolved.add(now);
        }
      }
      for (StructField f : added) {
        evolved = evolved.add(f);
      }
      recreate(table, evolved, location);
      return;
    }
    if (!added.isEmpty()) {
      StringJoiner cols = new StringJoiner(", ", "(", ")");
      added.forEach(f -> cols.add(ident(f.name()) + " " + f.dataType().sql()));
      spark.sql("ALTER TABLE " + qualified(table) + " ADD COLUMNS " + cols);
      spark.catalog().refreshTable(qualified(table));
    }
  }

  /**
   * Re-creates an external table with new data columns and re-registers every partition at its
   * location. The files stay where they are. Hive and Spark refuse most in-place type changes of
   * Parquet tables, so this is how a permitted retype is applied (as Athena users do it).
   */
  private void recreate(TableName table, StructType columns, String location) {
    var id = new org.apache.spark.sql.catalyst.TableIdentifier(table.table(), scala.Option.apply(table.database()));
    List<String> specs = new ArrayList<>();
    scala.collection.Iterator<org.apache.spark.sql.catalyst.catalog.CatalogTablePartition> parts;
    try {
      parts = spark.sessionState().catalog().listPartitions(id, scala.Option.empty()).iterator();
    } catch (Exception e) {
      // Declared by Scala (NoSuchTableException); the table was just read, so this is unexpected.
      throw new IllegalStateException("Cannot list partitions of " + table.qualified(), e);
    }
    while (parts.hasNext()) {
      var part = parts.next();
      String date = part.spec().apply(PartitionLayout.PARTITION_COLUMN);
      specs.add("PARTITION (" + ident(PartitionLayout.PARTITION_COLUMN) + " = " + literal(date) + ") LOCATION "
          + literal(part.location().toString()));
    }
    spark.sql("DROP TABLE " + qualified(table));
    create(table, columns, location);
    if (!specs.isEmpty()) {
      spark.sql("ALTER TABLE " + qualified(table) + " ADD IF NOT EXISTS " + String.join(" ", specs));
    }
    spark.catalog().refreshTable(qualified(table));
  }

  @Override
  public void registerPartition(TableName table, String date, String location) {
    String spec = "PARTITION (" + ident(PartitionLayout.PARTITION_COLUMN) + " = " + literal(date) + ")";
    spark.sql("ALTER TABLE " + qualified(table) + " ADD IF NOT EXISTS " + spec + " LOCATION " + literal(location));
    spark.sql("ALTER TABLE " + qualified(table) + " " + spec + " SET LOCATION " + literal(location));
    // The session caches file listings per table; drop them so later queries see the new files.
    spark.catalog().refreshTable(qualified(table));
  }

  @Override
  public List<String> partitions(TableName table) {
    if (!spark.catalog().tableExists(table.database(), table.table())) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    String prefix = PartitionLayout.PARTITION_COLUMN + "=";
    for (Row r : spark.sql("SHOW PARTITIONS " + qualified(table)).collectAsList()) {
      String spec = r.getString(0);
      out.add(spec.startsWith(prefix) ? spec.substring(prefix.length()) : spec);
    }
    out.sort(null);
    return out;
  }

  private static String qualified(TableName t) {
    return ident(t.database()) + "." + ident(t.table());
  }

  static String ident(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
