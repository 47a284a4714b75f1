package io.feedlake.publish;

import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.layout.LakePaths;
import io.feedlake.ledger.RunHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Finds the run directories of a table that no reader can reach any more and that have been
 * unreachable for longer than a grace period, and deletes them on request. A run directory is
 * kept when it is the location the catalog registers for its date, the current one in the date's
 * run records (also for dates hidden by retention), or, for dates without records, the newest
 * run; every run of a date whose write lock is held ({@link io.feedlake.ledger.DateLocks}) is left
 * alone. Intent records are reconciled with the catalog first (an intent whose run the catalog
 * serves is a publication). Any other run is deletable once it has been unreferenced longer than the grace period:
 * since the next publication after its last one (run records), or since it started (runs never
 * published, such as a run whose swap failed). Directories whose run id does not start with a
 * feedlake timestamp are left alone and reported. Date directories of the {@code overwrite}
 * layout hold no runs and are never touched.
 *
 * <p>Cost: one catalog listing, one root listing, then per date one listing and its run records.
 */
public final class Vacuum {
  private Vacuum() {}

  /**
   * A run directory that can go.
   *
   * @param date its date
   * @param runId its run id
   * @param location where its files are (fully qualified): under the table root, or parked
   * @param unreferencedSince since when no reader can reach it
   * @param bytes its size
   */
  public record Candidate(String date, String runId, String location, Instant unreferencedSince, long bytes) {}

  /**
   * What a vacuum would do.
   *
   * @param delete deletable run directories
   * @param referenced run directories kept because a reader reaches them
   * @param recent unreferenced run directories kept because they are within the grace period
   * @param unknown run directories left alone because their age cannot be told, with why
   */
  public record Plan(List<Candidate> delete, int referenced, int recent, List<String> unknown) {
    /** Bytes the deletable directories hold. */
    public long bytes() {
      return delete.stream().mapToLong(Candidate::bytes).sum();
    }
  }

  /**
   * Converges the path layout of a table after a crash or an interrupted move: on every date not
   * being written, every run under the table root other than the one readers are served from is
   * parked ({@link TableStorage#converge}), and a served run found parked is moved back. The
   * served run is the catalog's location; for a date not registered, the current run in the
   * records; without records, the newest run. Runs on the driver: per date two listings, the
   * records, and a copy and a delete per moved file on S3.
   *
   * @param dates the dates to converge; empty means every date on storage
   * @param beingWritten dates whose lock is held (left alone: their run may be between its write
   *     and its swap)
   * @return the canonical locations moved (parked or moved back)
   */
  public static List<String> converge(PartitionCatalog catalog, TableName table, TableStorage storage,
      java.util.Collection<String> dates, java.util.Map<String, String> beingWritten) {
    SortedMap<String, String> registered = catalog.partitionLocations(table);
    List<String> moved = new ArrayList<>();
    for (String date : dates.isEmpty() ? storage.dates() : new java.util.TreeSet<>(dates)) {
      if (beingWritten.containsKey(date)) {
        continue;
      }
      Optional<String> served = Optional.ofNullable(registered.get(date));
      if (served.isEmpty()) {
        RunHistory history = storage.history(date);
        if (history.anyRecord()) {
          served = history.current();
        } else {
          List<TableStorage.RunDir> runs = storage.runs(date);
          served = runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1).location());
        }
      }
      if (served.isPresent() && storage.unpark(served.get())) {
        moved.add(served.get());
      }
      moved.addAll(storage.converge(date, served));
    }
    return moved;
  }

  /**
   * Plans a vacuum.
   *
   * @param cutoff run directories unreferenced since before this instant are deletable
   */
  public static Plan plan(PartitionCatalog catalog, TableName table, TableStorage storage, Instant cutoff) {
    return plan(catalog, table, storage, cutoff, java.util.Map.of());
  }

  /**
   * Plans a vacuum that leaves alone the dates being written: a run that holds a date's lock may
   * be between its write and its swap, and its directory is then referenced by nothing yet.
   *
   * @param cutoff run directories unreferenced since before this instant are deletable
   * @param beingWritten dates whose lock is held, to why (e.g. {@code table beta.t date D is being
   *     written by run R since T (lease until U, host H)})
   */
  public static Plan plan(PartitionCatalog catalog, TableName table, TableStorage storage, Instant cutoff,
      java.util.Map<String, String> beingWritten) {
    SortedMap<String, String> registered = catalog.partitionLocations(table);
    List<Candidate> delete = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    int referenced = 0;
    int recent = 0;
    for (String date : storage.dates()) {
      List<TableStorage.RunDir> runs = storage.runs(date);
      if (runs.isEmpty()) {
        continue;
      }
      if (beingWritten.containsKey(date)) {
        unknown.add(LakePaths.DATE_PREFIX + date + ": " + runs.size() + " run director" + (runs.size() == 1 ? "y" : "ies")
            + " left alone: " + beingWritten.get(date));
        continue;
      }
      RunHistory history = storage.history(date).reconcile(Optional.ofNullable(registered.get(date)), "vacuum");
      Set<String> keep = new HashSet<>();
      Optional.ofNullable(registered.get(date)).map(LakePaths::normalize).ifPresent(keep::add);
      history.current().map(LakePaths::normalize).ifPresent(keep::add);
      if (!history.anyRecord()) {
        keep.add(LakePaths.normalize(runs.get(runs.size() - 1).location()));
      }
      for (TableStorage.RunDir run : runs) {
        if (keep.contains(LakePaths.normalize(run.location()))) {
          referenced++;
          continue;
        }
        Optional<Instant> since = history.unreferencedSince(run.location()).or(() -> LakePaths.runStart(run.runId()));
        if (since.isEmpty()) {
          unknown.add(run.location() + " (run id is not a feedlake run id; left alone)");
        } else if (since.get().isBefore(cutoff)) {
          delete.add(new Candidate(date, run.runId(), run.stored(), since.get(), storage.bytes(run.stored())));
        } else {
          recent++;
        }
      }
    }
    return new Plan(delete, referenced, recent, unknown);
  }
}
