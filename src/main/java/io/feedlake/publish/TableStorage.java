package io.feedlake.publish;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.ledger.RunHistory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What is on storage for one table: its {@code date=YYYY-MM-DD} directories, their run
 * directories, and which location of a date is current. Runs on the driver; each method says how
 * many storage calls it makes.
 *
 * <p>The current location of a date is, in order: the last publication in the date's run records
 * ({@link RunHistory}) when its directory still exists; nothing when records exist but none
 * published (a failed run's directory is never registered by guess); without any record (the
 * ledger was not kept, or the data was copied in), the newest {@code run=} directory, else the
 * date directory itself (the {@code overwrite} layout).
 */
public final class TableStorage {
  private final Configuration conf;
  private final String lakeRoot;
  private final String ledgerTable;
  private final String root;

  /**
   * @param conf Hadoop configuration reaching the lake
   * @param lakeRoot lake root (for the run records)
   * @param ledgerTable {@code database.table} under which run records are kept
   * @param root the table's root directory, fully qualified
   */
  public TableStorage(Configuration conf, String lakeRoot, String ledgerTable, String root) {
    this.conf = conf;
    this.lakeRoot = lakeRoot;
    this.ledgerTable = ledgerTable;
    this.root = root;
  }

  /** The table root. */
  public String root() {
    return root;
  }

  /**
   * The table root's entries: one listing.
   *
   * @param dates date to its directory (fully qualified)
   * @param strays entries that are not {@code date=YYYY-MM-DD} directories (names)
   */
  public record Listing(SortedMap<String, String> dates, List<String> strays) {}

  /** Lists the table root (one storage call); an absent root lists nothing. */
  public Listing list() {
    SortedMap<String, String> dates = new TreeMap<>();
    List<String> strays = new ArrayList<>();
    try {
      Path dir = new Path(root);
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        Optional<String> date = st.isDirectory() ? LakePaths.dateOf(name) : Optional.empty();
        if (date.isPresent()) {
          dates.put(date.get(), fs.makeQualified(st.getPath()).toString());
        } else if (!name.equals("_SUCCESS")) {
          strays.add(name);
        }
      }
    } catch (FileNotFoundException e) {
      return new Listing(dates, strays);
    } catch (IOException e) {
      throw failure("list " + root, e);
    }
    strays.sort(null);
    return new Listing(dates, strays);
  }

  /**
   * A run directory.
   *
   * @param runId its run id
   * @param location fully qualified path
   */
  public record RunDir(String runId, String location) {}

  /** The run directories of a date, sorted by run id (one listing). */
  public List<RunDir> runs(String date) {
    List<RunDir> out = new ArrayList<>();
    try {
      Path dir = LakePaths.dateDir(root, date);
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus st : fs.listStatus(dir)) {
        Optional<String> run = st.isDirectory() ? LakePaths.runOf(st.getPath().getName()) : Optional.empty();
        run.ifPresent(id -> out.add(new RunDir(id, fs.makeQualified(st.getPath()).toString())));
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw failure("list " + LakePaths.dateDir(root, date), e);
    }
    out.sort(java.util.Comparator.comparing(RunDir::runId));
    return out;
  }

  /** The date's run records (one listing plus one read per record). */
  public RunHistory history(String date) {
    try {
      return RunHistory.read(conf, lakeRoot, ledgerTable, date);
    } catch (IOException e) {
      throw failure("read the run records of " + ledgerTable + " date=" + date, e);
    }
  }

  /**
   * The location readers should see for a date when nothing is known of the catalog (a date not
   * registered): {@link #current(String, Optional, String)} without a registered location.
   */
  public Optional<String> current(String date) {
    return current(date, Optional.empty(), "sync");
  }

  /**
   * The location readers should see for a date (see the class comment), or empty when nothing on
   * storage can be published: at most three listings and the run records.
   *
   * <p>The catalog wins where it knows better than the records: an intent record whose run the
   * catalog serves is published (and repaired, see {@link RunHistory#reconcile}), and a
   * registered location the records do not know at all (copied in, or written by a run whose
   * record is lost) is kept while it exists, so re-registering never moves a date back to an
   * older run.
   *
   * @param registered the location the catalog serves for the date, if registered
   * @param who the command asking, named in repaired records
   */
  public Optional<String> current(String date, Optional<String> registered, String who) {
    RunHistory history = history(date).reconcile(registered, who);
    if (history.anyRecord()) {
      if (registered.isPresent() && !history.knows(registered.get()) && exists(registered.get())) {
        return registered;
      }
      return history.current().filter(this::exists);
    }
    List<RunDir> runs = runs(date);
    if (!runs.isEmpty()) {
      return Optional.of(runs.get(runs.size() - 1).location());
    }
    String dir = qualify(LakePaths.dateDir(root, date));
    return exists(dir) ? Optional.of(dir) : Optional.empty();
  }

  /** Whether a location exists (one storage call). */
  public boolean exists(String location) {
    try {
      Path p = new Path(location);
      return p.getFileSystem(conf).exists(p);
    } catch (IOException e) {
      throw failure("check " + location, e);
    }
  }

  /** Total bytes under a location (one recursive listing). */
  public long bytes(String location) {
    try {
      Path p = new Path(location);
      return p.getFileSystem(conf).getContentSummary(p).getLength();
    } catch (IOException e) {
      throw failure("measure " + location, e);
    }
  }

  /** Deletes a directory and everything below it. */
  public void delete(String location) {
    try {
      Path p = new Path(location);
      if (!p.getFileSystem(conf).delete(p, true)) {
        throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot delete " + location + ": the file system refused");
      }
    } catch (IOException e) {
      throw failure("delete " + location, e);
    }
  }

  private String qualify(Path p) {
    try {
      return p.getFileSystem(conf).makeQualified(p).toString();
    } catch (IOException e) {
      throw failure("reach " + p, e);
    }
  }

  private static FeedlakeException failure(String what, IOException e) {
    return new FeedlakeException(ExitCode.TRANSIENT, "Cannot " + what + ": " + e.getMessage(), e);
  }
}
