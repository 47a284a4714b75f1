package io.feedlake.publish;

import io.feedlake.FeedlakeException;
import io.feedlake.catalog.PartitionBatchResult;
import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.catalog.Retention;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.layout.LakePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Compares a table's storage with its catalog partitions and brings the catalog in line: adds
 * dates that are on storage but not registered (from the exposure start on, see {@link
 * Retention}), finds partitions whose location no longer exists ("dangling"; dropped from the
 * catalog with {@code fix}), and reports what cannot be registered ("orphans": entries under the
 * table root that are not {@code date=YYYY-MM-DD} directories, and date directories with nothing
 * published in them).
 *
 * <p>A table missing from the catalog while dates are on storage is a usage error (exit 2): its
 * columns come from the conformed data, so ingest creates it.
 *
 * <p>Cost: one listing of the table root and one listing of the catalog's partitions (Glue:
 * {@code GetPartitions} pages of 1,000 without column schemas); storage is read further only for
 * the dates that differ: the current location of each missing date. A registered partition
 * counts as present when its date directory is in the root listing; {@code full} instead checks
 * that every registered location exists (one storage call per partition), which also finds run
 * directories deleted from a date that still has others.
 */
public final class CatalogSync {
  private CatalogSync() {}

  /**
   * What a sync found and did for one table.
   *
   * @param table the table
   * @param registered partitions registered before the sync
   * @param onStorage date directories on storage
   * @param added partitions registered by the sync (date to location)
   * @param dangling registered partitions whose location is gone (date to location)
   * @param dropped dangling partitions removed from the catalog ({@code fix})
   * @param notExposed dates on storage left out because they are older than the exposure start
   * @param orphans storage entries that are not publishable partitions, with why
   * @param foreign registered partitions located outside the table root (left alone)
   * @param failed partitions the catalog refused, with its reason
   */
  public record Report(
      TableName table, int registered, int onStorage, SortedMap<String, String> added,
      SortedMap<String, String> dangling, List<String> dropped, List<String> notExposed, List<String> orphans,
      SortedMap<String, String> foreign, Map<String, String> failed) {}

  /**
   * Runs the comparison.
   *
   * @param exposeFrom first date the catalog should expose ({@code yyyy-MM-dd}); empty means all
   * @param fix drop dangling partitions
   * @param full check every registered location on storage
   */
  public static Report run(PartitionCatalog catalog, TableName table, TableStorage storage, Optional<String> exposeFrom,
      boolean fix, boolean full) {
    TableStorage.Listing listing = storage.list();
    if (!listing.dates().isEmpty() && catalog.table(table).isEmpty()) {
      throw FeedlakeException.usage("Cannot sync " + table.qualified() + ": " + listing.dates().size()
          + " date(s) are on storage under " + storage.root() + " but the table is not in the catalog"
          + " (ingest a date first: the table's columns come from the conformed data)");
    }
    SortedMap<String, String> registered = catalog.partitionLocations(table);
    String root = LakePaths.normalize(storage.root());

    SortedMap<String, String> toAdd = new TreeMap<>();
    List<String> notExposed = new ArrayList<>();
    List<String> orphans = new ArrayList<>();
    listing.strays().forEach(s -> orphans.add(s + " (not a date=YYYY-MM-DD directory)"));
    for (String date : listing.dates().keySet()) {
      if (registered.containsKey(date)) {
        continue;
      }
      if (exposeFrom.isPresent() && date.compareTo(exposeFrom.get()) < 0) {
        notExposed.add(date);
        continue;
      }
      Optional<String> current = storage.current(date);
      if (current.isPresent()) {
        toAdd.put(date, current.get());
      } else {
        orphans.add(LakePaths.DATE_PREFIX + date + " (no published run in it)");
      }
    }

    SortedMap<String, String> dangling = new TreeMap<>();
    SortedMap<String, String> foreign = new TreeMap<>();
    registered.forEach((date, location) -> {
      if (location == null) {
        dangling.put(date, "(no location)");
        return;
      }
      String loc = LakePaths.normalize(location);
      boolean inside = loc.startsWith(root + "/");
      if (!inside) {
        foreign.put(date, location);
      }
      boolean present = inside && !full ? listing.dates().containsKey(date) : storage.exists(location);
      if (!present) {
        dangling.put(date, location);
      }
    });

    PartitionBatchResult added = catalog.registerPartitions(table, toAdd);
    Map<String, String> failed = new TreeMap<>(added.failed());
    List<String> dropped = new ArrayList<>();
    if (fix && !dangling.isEmpty()) {
      PartitionBatchResult drop = catalog.dropPartitions(table, new ArrayList<>(dangling.keySet()));
      dropped.addAll(drop.dropped());
      failed.putAll(drop.failed());
    }
    SortedMap<String, String> addedLocations = new TreeMap<>(toAdd);
    addedLocations.keySet().removeAll(added.failed().keySet());
    return new Report(table, registered.size(), listing.dates().size(), addedLocations, dangling, dropped, notExposed,
        orphans, foreign, failed);
  }
}
