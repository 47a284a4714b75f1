package io.feedlake.catalog;

import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.apache.spark.sql.types.StructType;

/**
 * A decorator that lets one catalog be shared by several threads (the dates {@code feedlake
 * backfill} runs at once): every call holds one lock, so at most one catalog call runs at a time.
 * The embedded Derby metastore and Spark's Hive client are process-wide and not documented as safe
 * for concurrent DDL from several threads, and the Glue client's batching assumes one caller; the
 * catalog calls are short next to the Spark work they follow, so serializing them costs little.
 * Only the catalog calls are serialized; the Spark jobs of the dates still run concurrently.
 */
public final class SerializedCatalog implements PartitionCatalog {
  private final PartitionCatalog delegate;
  private final Object lock = new Object();

  /** @param delegate the catalog to guard */
  public SerializedCatalog(PartitionCatalog delegate) {
    this.delegate = delegate;
  }

  @Override
  public void ensureTable(TableName table, StructType dataColumns, String location, SchemaEvolution evolution) {
    synchronized (lock) {
      delegate.ensureTable(table, dataColumns, location, evolution);
    }
  }

  @Override
  public Optional<TableShape> table(TableName table) {
    synchronized (lock) {
      return delegate.table(table);
    }
  }

  @Override
  public void registerPartition(TableName table, String date, String location) {
    synchronized (lock) {
      delegate.registerPartition(table, date, location);
    }
  }

  @Override
  public PartitionBatchResult registerPartitions(TableName table, SortedMap<String, String> locations) {
    synchronized (lock) {
      return delegate.registerPartitions(table, locations);
    }
  }

  @Override
  public PartitionBatchResult dropPartitions(TableName table, List<String> dates) {
    synchronized (lock) {
      return delegate.dropPartitions(table, dates);
    }
  }

  @Override
  public SortedMap<String, String> partitionLocations(TableName table) {
    synchronized (lock) {
      return delegate.partitionLocations(table);
    }
  }
}
