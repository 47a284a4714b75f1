package io.feedlake.catalog;

import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.types.StructType;

/**
 * A decorator that keeps a second catalog in step with the catalog of record: every write goes to
 * the primary first, then to the mirror; reads come from the primary. With {@code catalog.type =
 * glue} the primary is AWS Glue and the mirror is the embedded session catalog, so that Spark
 * reports run locally on exactly what was published to Glue. The mirror follows the primary's
 * schema decisions ({@code permissive} on the mirror: the policy was enforced on the primary).
 * A mirror failure after the primary succeeded surfaces as an error; re-running {@code register}
 * for the dates brings the mirror back in step.
 */
public final class MirroredCatalog implements PartitionCatalog {
  private final PartitionCatalog primary;
  private final PartitionCatalog mirror;

  /**
   * @param primary the catalog of record
   * @param mirror the catalog kept in step
   */
  public MirroredCatalog(PartitionCatalog primary, PartitionCatalog mirror) {
    this.primary = primary;
    this.mirror = mirror;
  }

  /** The catalog of record. */
  public PartitionCatalog primary() {
    return primary;
  }

  @Override
  public void ensureTable(TableName table, StructType dataColumns, String location, SchemaEvolution evolution) {
    primary.ensureTable(table, dataColumns, location, evolution);
    mirror.ensureTable(table, dataColumns, location, SchemaEvolution.PERMISSIVE);
  }

  @Override
  public Optional<TableShape> table(TableName table) {
    return primary.table(table);
  }

  @Override
  public void registerPartition(TableName table, String date, String location) {
    primary.registerPartition(table, date, location);
    mirror.registerPartition(table, date, location);
  }

  @Override
  public PartitionBatchResult registerPartitions(TableName table, SortedMap<String, String> locations) {
    PartitionBatchResult result = primary.registerPartitions(table, locations);
    SortedMap<String, String> done = new TreeMap<>(locations);
    done.keySet().removeAll(result.failed().keySet());
    return withMirrorFailures(result, mirror.registerPartitions(table, done));
  }

  @Override
  public PartitionBatchResult dropPartitions(TableName table, List<String> dates) {
    PartitionBatchResult result = primary.dropPartitions(table, dates);
    List<String> done = dates.stream().filter(d -> !result.failed().containsKey(d)).toList();
    return withMirrorFailures(result, mirror.dropPartitions(table, done));
  }

  @Override
  public SortedMap<String, String> partitionLocations(TableName table) {
    return primary.partitionLocations(table);
  }

  private static PartitionBatchResult withMirrorFailures(PartitionBatchResult primary, PartitionBatchResult mirror) {
    if (mirror.succeeded()) {
      return primary;
    }
    Map<String, String> failed = new TreeMap<>(primary.failed());
    mirror.failed().forEach((d, why) -> failed.put(d, "done in the catalog of record, but not in the local mirror: " + why));
    return new PartitionBatchResult(primary.created(), primary.updated(), primary.unchanged(), primary.dropped(), failed);
  }
}
