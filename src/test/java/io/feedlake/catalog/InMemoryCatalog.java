package io.feedlake.catalog;

import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.types.StructType;

/** A {@link PartitionCatalog} in memory, for tests of the logic around catalogs. */
public final class InMemoryCatalog implements PartitionCatalog {
  private final Map<TableName, TableShape> tables = new HashMap<>();
  private final Map<TableName, SortedMap<String, String>> partitions = new HashMap<>();
  /** Every write call, as {@code <operation> <table> <dates>}, in order. */
  public final List<String> writes = new ArrayList<>();

  @Override
  public void ensureTable(TableName table, StructType dataColumns, String location, SchemaEvolution evolution) {
    tables.put(table, TableShape.of(table, dataColumns, location));
    partitions.putIfAbsent(table, new TreeMap<>());
  }

  @Override
  public Optional<TableShape> table(TableName table) {
    return Optional.ofNullable(tables.get(table));
  }

  @Override
  public void registerPartition(TableName table, String date, String location) {
    writes.add("register " + table.qualified() + " " + date);
    partitions.get(table).put(date, location);
  }

  @Override
  public PartitionBatchResult registerPartitions(TableName table, SortedMap<String, String> locations) {
    List<String> created = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    SortedMap<String, String> parts = partitions.get(table);
    locations.forEach((d, l) -> {
      String old = parts.put(d, l);
      (old == null ? created : old.equals(l) ? unchanged : updated).add(d);
    });
    if (!locations.isEmpty()) {
      writes.add("registerAll " + table.qualified() + " " + locations.keySet());
    }
    return new PartitionBatchResult(created, updated, unchanged, List.of(), Map.of());
  }

  @Override
  public PartitionBatchResult dropPartitions(TableName table, List<String> dates) {
    List<String> dropped = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    dates.forEach(d -> (partitions.get(table).remove(d) != null ? dropped : absent).add(d));
    if (!dates.isEmpty()) {
      writes.add("drop " + table.qualified() + " " + dates);
    }
    return new PartitionBatchResult(List.of(), List.of(), absent, dropped, Map.of());
  }

  @Override
  public SortedMap<String, String> partitionLocations(TableName table) {
    return new TreeMap<>(partitions.getOrDefault(table, new TreeMap<>()));
  }
}
