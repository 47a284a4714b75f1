package io.feedlake.catalog.glue;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.catalog.PartitionBatchResult;
import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.catalog.SchemaChange;
import io.feedlake.catalog.TableShape;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetPartitionsRequest;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * {@link PartitionCatalog} on the AWS Glue Data Catalog through an injected {@link GlueClient}
 * (built by {@link GlueClients}), for Spark outside EMR and for registering without Spark.
 * Tables and partitions come from {@link GlueConverter}; batches go through {@link
 * GluePartitionBatches}. Calls used (AWS Glue API reference): GetDatabase, CreateDatabase,
 * GetTable, CreateTable, UpdateTable, GetPartition, CreatePartition, UpdatePartition, GetPartitions
 * (paged with NextToken, {@value #PAGE_SIZE} per page, without column schemas), BatchGetPartition,
 * BatchCreatePartition, BatchUpdatePartition, BatchDeletePartition. {@code catalogId} selects a
 * catalog in another account.
 *
 * <p>Failures: access denied exits 2 (fix the IAM setup); other service and network errors that
 * outlast the SDK's retries exit 5.
 */
public final class GlueCatalog implements PartitionCatalog {
  /** GetPartitions page size: the API's maximum {@code MaxResults}. */
  public static final int PAGE_SIZE = 1000;

  private final GlueClient glue;
  private final String catalogId;
  private final GluePartitionBatches batches;

  /**
   * @param glue a configured client (its lifecycle stays with the caller)
   * @param catalogId account id owning the catalog, or empty/null for the caller's account
   * @param maxAttempts attempts per partition entry failing with a retryable error code
   * @param baseDelay first backoff delay for such entries
   * @param maxBackoff longest backoff delay
   */
  public GlueCatalog(GlueClient glue, String catalogId, int maxAttempts, Duration baseDelay, Duration maxBackoff) {
    this.glue = glue;
    this.catalogId = catalogId == null || catalogId.isEmpty() ? null : catalogId;
    this.batches = new GluePartitionBatches(glue, this.catalogId, maxAttempts, baseDelay, maxBackoff);
  }

  @Override
  public void ensureTable(TableName table, StructType dataColumns, String location, SchemaEvolution evolution) {
    ensureDatabase(table.database());
    TableShape wanted = TableShape.of(table, dataColumns, location);
    Optional<Table> existing = getTable(table);
    if (existing.isEmpty()) {
      try {
        call("create table " + table.qualified(), () -> glue.createTable(r -> r.catalogId(catalogId)
            .databaseName(table.database()).tableInput(GlueConverter.tableInput(wanted, Map.of()))));
        return;
      } catch (FeedlakeException e) {
        if (!(e.getCause() instanceof AlreadyExistsException)) {
          throw e;
        }
        // Created concurrently: evolve it like any existing table.
        existing = getTable(table);
      }
    }
    Table current = existing.orElseThrow();
    TableShape shape = GlueConverter.shape(table, current);
    SchemaChange change = SchemaChange.decide(table, shape.dataSchema(), dataColumns, evolution);
    if (change.none()) {
      return;
    }
    StructType columns;
    if (change.evolved() != null) {
      columns = change.evolved();
    } else {
      columns = shape.dataSchema();
      for (StructField f : change.added()) {
        columns = columns.add(f);
      }
    }
    TableShape evolved = new TableShape(table, TableShape.of(table, columns, location).columns(),
        shape.partitionKeys(), shape.location(), wanted.parameters());
    call("update table " + table.qualified(), () -> glue.updateTable(r -> r.catalogId(catalogId)
        .databaseName(table.database()).tableInput(GlueConverter.tableInput(evolved, current.parameters()))));
    if (change.evolved() != null) {
      // Partitions carry their own columns: a type change must reach them too (Hive and Athena
      // read a partition with its own schema).
      Map<String, String> failed = new TreeMap<>();
      batches.update(table, evolved, partitionLocations(table), failed);
      if (!failed.isEmpty()) {
        throw new FeedlakeException(ExitCode.TRANSIENT, "Updated the columns of " + table.qualified()
            + " in Glue but not those of partitions " + failed + "; run the ingest again to retry");
      }
    }
  }

  private void ensureDatabase(String database) {
    try {
      glue.getDatabase(r -> r.catalogId(catalogId).name(database));
      return;
    } catch (EntityNotFoundException e) {
      // created below
    } catch (SdkException e) {
      throw failure("read database " + database, e);
    }
    try {
      glue.createDatabase(r -> r.catalogId(catalogId).databaseInput(d -> d.name(database)
          .description("feedlake beta tables (external Parquet, registered by feedlake)")));
    } catch (AlreadyExistsException e) {
      // Created concurrently: fine.
    } catch (SdkException e) {
      throw failure("create database " + database, e);
    }
  }

  private Optional<Table> getTable(TableName table) {
    try {
      return Optional.of(glue.getTable(r -> r.catalogId(catalogId).databaseName(table.database()).name(table.table())).table());
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read table " + table.qualified(), e);
    }
  }

  @Override
  public Optional<TableShape> table(TableName table) {
    return getTable(table).map(t -> GlueConverter.shape(table, t));
  }

  @Override
  public void registerPartition(TableName table, String date, String location) {
    TableShape shape = requireTable(table);
    Optional<Partition> existing;
    try {
      existing = Optional.of(glue.getPartition(r -> r.catalogId(catalogId).databaseName(table.database())
          .tableName(table.table()).partitionValues(date)).partition());
    } catch (EntityNotFoundException e) {
      existing = Optional.empty();
    } catch (SdkException e) {
      throw failure("read partition date=" + date + " of " + table.qualified(), e);
    }
    if (existing.isEmpty()) {
      call("create partition date=" + date + " of " + table.qualified(), () -> glue.createPartition(r -> r
          .catalogId(catalogId).databaseName(table.database()).tableName(table.table())
          .partitionInput(GlueConverter.partitionInput(shape, date, location))));
    } else if (!GluePartitionBatches.sameLocation(existing.get().storageDescriptor() == null ? null
        : existing.get().storageDescriptor().location(), location)) {
      call("point partition date=" + date + " of " + table.qualified() + " at " + location, () -> glue.updatePartition(r -> r
          .catalogId(catalogId).databaseName(table.database()).tableName(table.table())
          .partitionValueList(date).partitionInput(GlueConverter.partitionInput(shape, date, location))));
    }
  }

  @Override
  public PartitionBatchResult registerPartitions(TableName table, SortedMap<String, String> locations) {
    if (locations.isEmpty()) {
      return PartitionBatchResult.empty();
    }
    return batches.register(table, requireTable(table), locations);
  }

  @Override
  public PartitionBatchResult dropPartitions(TableName table, List<String> dates) {
    if (dates.isEmpty() || getTable(table).isEmpty()) {
      return new PartitionBatchResult(List.of(), List.of(), dates, List.of(), Map.of());
    }
    return batches.delete(table, dates);
  }

  @Override
  public SortedMap<String, String> partitionLocations(TableName table) {
    return partitionLocations(table, null);
  }

  /**
   * The partitions of a table that match a Glue partition predicate, as {@code GetPartitions} with
   * {@code Expression} returns them (Glue filters on the server; pages of {@link #PAGE_SIZE}).
   *
   * @param expression a predicate in the Glue API's {@code Expression} syntax over the partition key,
   *     e.g. {@code date = '2024-03-01'} or {@code date >= '2024-03-01' AND date <= '2024-03-03'};
   *     null for every partition
   * @return date to location, sorted; empty when there is no such table
   * @throws io.feedlake.FeedlakeException exit 5 when Glue fails, exit 2 when access is denied
   */
  public SortedMap<String, String> partitionLocations(TableName table, String expression) {
    SortedMap<String, String> out = new TreeMap<>();
    if (getTable(table).isEmpty()) {
      return out;
    }
    GetPartitionsRequest request = GetPartitionsRequest.builder().catalogId(catalogId).databaseName(table.database())
        .tableName(table.table()).maxResults(PAGE_SIZE).excludeColumnSchema(true).expression(expression).build();
    try {
      for (GetPartitionsResponse page : glue.getPartitionsPaginator(request)) {
        for (Partition p : page.partitions()) {
          out.put(p.values().get(0), p.storageDescriptor() == null ? null : p.storageDescriptor().location());
        }
      }
    } catch (SdkException e) {
      throw failure("list partitions of " + table.qualified(), e);
    }
    return out;
  }

  private TableShape requireTable(TableName table) {
    return table(table).orElseThrow(() -> new FeedlakeException(ExitCode.USAGE,
        "Cannot register partitions of " + table.qualified() + ": no such table in the Glue Data Catalog"
            + where() + " (ingest a date first, which creates it)"));
  }

  private <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw failure(what, e);
    }
  }

  private FeedlakeException failure(String what, SdkException e) {
    ExitCode code = e instanceof AccessDeniedException ? ExitCode.USAGE : ExitCode.TRANSIENT;
    return new FeedlakeException(code, "Cannot " + what + " in the Glue Data Catalog" + where() + ": "
        + e.getMessage() + (code == ExitCode.USAGE ? " (check the IAM policy and catalog.glue.assume-roles)" : ""), e);
  }

  private String where() {
    return catalogId == null ? "" : " of account " + catalogId;
  }
}
