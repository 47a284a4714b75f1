package io.feedlake.catalog;

import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * A Glue-compatible catalog of external, date-partitioned Parquet tables. Tables have the data
 * columns of their Parquet files plus one partition key {@code date} of type STRING holding
 * {@code yyyy-MM-dd}; partitions are registered explicitly with their location (never by
 * discovery such as MSCK REPAIR).
 */
public interface PartitionCatalog {
  /**
   * Creates the database and the external table when missing; otherwise compares the columns by
   * name and applies the changes the policy allows: with {@code ADDITIVE}, new columns are added
   * (old partitions read them as null); with {@code PERMISSIVE}, the table takes the new columns
   * as they are.
   *
   * @param table database and table name
   * @param dataColumns the Parquet data columns, without the partition column
   * @param location the table's root directory (fully qualified URI)
   * @param evolution what may change
   * @throws io.feedlake.FeedlakeException exit 3 when a change is not allowed, with a readable
   *     diff ({@code + added}, {@code ~ changed type}, {@code - removed})
   */
  void ensureTable(TableName table, StructType dataColumns, String location, SchemaEvolution evolution);

  /**
   * Registers a partition at a location, or points an existing one at it. Idempotent.
   *
   * @param table an existing table
   * @param date partition value ({@code yyyy-MM-dd})
   * @param location partition directory (fully qualified URI)
   */
  void registerPartition(TableName table, String date, String location);

  /** Partition values ({@code yyyy-MM-dd}) registered for a table, sorted; empty if no table. */
  List<String> partitions(TableName table);
}
