package io.feedlake.publish;

import io.feedlake.FeedlakeException;
import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.layout.LakePaths;
import java.util.List;

/**
 * Points a date back at the run published before the current one, in one catalog call, and
 * records it in the run records so that the history knows what is current. Runs come from the
 * date's run records ({@link io.feedlake.ledger.RunHistory}); only run directories that still
 * exist, under the table root or parked, are candidates (vacuum may have removed older ones).
 * Repeated rollbacks walk further back. The run gone back to is moved back under the table root
 * before the catalog call, and the run left is parked after it ({@link TableStorage#park}), so
 * that path readers see what the catalog serves.
 */
public final class Rollback {
  private Rollback() {}

  /**
   * What a rollback did.
   *
   * @param date the date
   * @param from the location the partition pointed at
   * @param to the location it points at now
   */
  public record Outcome(String date, String from, String to) {}

  /**
   * Finds the run to go back to and points the partition at it; the caller records it.
   *
   * @throws FeedlakeException exit 2 when the date is not registered, its location is not a run
   *     feedlake published, or no earlier run is left on storage
   */
  public static Outcome run(PartitionCatalog catalog, TableName table, TableStorage storage, String date) {
    Outcome o = plan(catalog, table, storage, date);
    storage.unpark(o.to());
    catalog.registerPartition(table, date, o.to());
    storage.park(o.from());
    return o;
  }

  /**
   * Finds the run to go back to without changing anything but repaired intent records: the
   * date's run records reconciled with the catalog's current location (an intent record whose run
   * the catalog serves counts as published).
   *
   * @throws FeedlakeException exit 2 when the date is not registered, its location is not a run
   *     feedlake published, or no earlier run is left on storage
   */
  public static Outcome plan(PartitionCatalog catalog, TableName table, TableStorage storage, String date) {
    String current = catalog.partitionLocations(table).get(date);
    if (current == null) {
      throw FeedlakeException.usage("Cannot roll back " + table.qualified() + " date=" + date
          + ": the date is not registered in the catalog (never published, or hidden by retention;"
          + " register it first)");
    }
    List<String> runs = storage.history(date).reconcile(java.util.Optional.of(current), "rollback")
        .ingestedLocations().stream().filter(storage::isStored).toList();
    int index = runs.indexOf(LakePaths.normalize(current));
    if (index < 0) {
      throw FeedlakeException.usage("Cannot roll back " + table.qualified() + " date=" + date + ": it points at "
          + current + ", which is not a run directory feedlake published (runs on storage: " + runs + ")");
    }
    if (index == 0) {
      throw FeedlakeException.usage("Cannot roll back " + table.qualified() + " date=" + date + ": " + current
          + " is the earliest published run still on storage; there is nothing earlier to go back to");
    }
    return new Outcome(date, current, runs.get(index - 1));
  }
}
