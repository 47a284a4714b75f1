package io.feedlake.catalog;

import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.apache.spark.sql.types.StructType;

/**
 * A Glue-compatible catalog of external, date-partitioned Parquet tables (see {@link
 * TableShape}). Tables have the data columns of their Parquet files plus one partition key {@code
 * date} of type STRING holding {@code yyyy-MM-dd}; partitions are registered explicitly with their
 * location (never by discovery such as MSCK REPAIR).
 *
 * <p>Implementations: {@link SparkSessionCatalog} (Spark's Hive session catalog: the embedded Derby
 * metastore, a remote Hive metastore, or on EMR the Glue Data Catalog client) and {@link
 * io.feedlake.catalog.glue.GlueCatalog} (AWS Glue through the SDK v2). Decorators such as {@link
 * MirroredCatalog} add behaviour around them. All calls run on the driver. Catalog failures
 * surface as {@link io.feedlake.FeedlakeException} with exit 5 (transient) unless stated.
 */
public interface PartitionCatalog {
  /**
   * Creates the database and the external table when missing; otherwise compares the columns by
   * name and applies the changes the policy allows ({@link SchemaChange}).
   *
   * @param table database and table name
   * @param dataColumns the Parquet data columns, without the partition column
   * @param location the table's root directory (fully qualified URI)
   * @param evolution what may change
   * @throws io.feedlake.FeedlakeException exit 3 when a change is not allowed, with a readable
   *     diff ({@code + added}, {@code ~ changed type}, {@code - removed})
   */
  void ensureTable(TableName table, StructType dataColumns, String location, SchemaEvolution evolution);

  /** The table as the catalog stores it, or empty when there is no such table. */
  Optional<TableShape> table(TableName table);

  /**
   * Makes a partition visible at a location in exactly one catalog write: it is created when
   * missing, otherwise pointed at the location (the swap of {@code publish.mode = swap}: readers
   * see the old location or the new one, never a mix). Nothing is written when it already points
   * there. Idempotent.
   *
   * @param table an existing table
   * @param date partition value ({@code yyyy-MM-dd})
   * @param location partition directory (fully qualified URI)
   */
  void registerPartition(TableName table, String date, String location);

  /**
   * Registers many partitions in batches (creating missing ones, re-pointing existing ones whose
   * location differs). Idempotent. Per-partition failures are reported, not thrown.
   *
   * @param table an existing table
   * @param locations partition value ({@code yyyy-MM-dd}) to fully qualified location
   */
  PartitionBatchResult registerPartitions(TableName table, SortedMap<String, String> locations);

  /**
   * Removes partitions from the catalog; their data stays on storage (external table). Partitions
   * that are not registered count as unchanged. Per-partition failures are reported, not thrown.
   */
  PartitionBatchResult dropPartitions(TableName table, List<String> dates);

  /** Registered partitions of a table and their locations, sorted by date; empty if no table. */
  SortedMap<String, String> partitionLocations(TableName table);

  /** Partition values ({@code yyyy-MM-dd}) registered for a table, sorted; empty if no table. */
  default List<String> partitions(TableName table) {
    return new ArrayList<>(partitionLocations(table).keySet());
  }
}
