package io.feedlake.catalog;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.TableName;
import java.util.SortedMap;

/**
 * Re-creates an external table with new data columns so that a crash at any point leaves the
 * table with every partition registration, under its old definition or its new one. Hive and
 * Spark refuse most in-place type changes of Parquet tables ({@code hive.metastore.disallow.
 * incompatible.col.type.changes}), so a permitted retype needs a new definition; dropping the
 * table and creating it again would lose every partition registration to a crash in between.
 *
 * <p>The steps, each one metastore call (or one batch of partition calls):
 *
 * <ol>
 *   <li>drop a staging table {@code <table>__feedlake_recreate} left by an interrupted earlier
 *       attempt while the table still existed (it may be incomplete);
 *   <li>create the staging table with the new definition at the same location and register every
 *       partition of the table on it, at the same locations;
 *   <li>drop the table (external: its files stay);
 *   <li>rename the staging table to the table's name.
 * </ol>
 *
 * A crash before step 3 leaves the table as it was (and a staging table, dropped by the next
 * attempt); a crash between 3 and 4 leaves only the complete staging table, which {@link
 * #recover} renames back. Files are never touched: every table involved is external. The
 * rename of an external Hive table keeps its location and partitions (Hive's {@code
 * HiveAlterHandler} moves data only for managed tables). Runs on the driver.
 */
final class TableRecreate {
  /** Appended to a table's name to name its staging table. */
  static final String STAGING_SUFFIX = "__feedlake_recreate";

  /** The catalog calls the protocol needs; {@link SparkSessionCatalog} implements them in Spark SQL. */
  interface Calls {
    /** Whether the table exists. */
    boolean exists(TableName table);

    /** Creates an external table of this shape (its name, columns, partition keys, location). */
    void create(TableShape shape);

    /** Drops an external table (its files stay). */
    void drop(TableName table);

    /** Renames a table, keeping its location and partitions. */
    void rename(TableName from, TableName to);

    /** The table's partitions: date to location. */
    SortedMap<String, String> partitionLocations(TableName table);

    /** Registers partitions (create or update). */
    PartitionBatchResult registerPartitions(TableName table, SortedMap<String, String> locations);
  }

  private TableRecreate() {}

  /** The staging table of a table: same database, {@code <table>__feedlake_recreate}. */
  static TableName staging(TableName table) {
    return new TableName(table.database(), table.table() + STAGING_SUFFIX);
  }

  /**
   * Completes a re-creation interrupted between dropping the table and renaming its staging table:
   * when the table is missing and its staging table exists, renames the staging table back.
   *
   * @return whether a staging table was renamed
   */
  static boolean recover(Calls catalog, TableName table) {
    if (catalog.exists(table) || !catalog.exists(staging(table))) {
      return false;
    }
    catalog.rename(staging(table), table);
    return true;
  }

  /**
   * Re-creates {@code shape.name()} with the shape's columns and every partition it has now.
   *
   * @throws FeedlakeException exit 5 when the partitions cannot be registered on the staging
   *     table (the table is left unchanged, the staging table dropped)
   */
  static void recreate(Calls catalog, TableShape shape) {
    TableName table = shape.name();
    TableName staging = staging(table);
    if (catalog.exists(staging)) {
      catalog.drop(staging);
    }
    SortedMap<String, String> locations = catalog.partitionLocations(table);
    catalog.create(new TableShape(staging, shape.columns(), shape.partitionKeys(), shape.location(),
        shape.parameters()));
    PartitionBatchResult result = catalog.registerPartitions(staging, locations);
    if (!result.succeeded()) {
      catalog.drop(staging);
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot re-create " + table.qualified()
          + " with its new columns: registering partitions " + result.failed() + " on the staging table "
          + staging.qualified() + " failed; the table is unchanged, retry");
    }
    catalog.drop(table);
    catalog.rename(staging, table);
  }
}
