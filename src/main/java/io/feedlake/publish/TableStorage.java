package io.feedlake.publish;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.layout.LakePaths;
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
 *
 * <p>Path readers (DuckDB {@code read_parquet('<root>/**&#47;*.parquet')}, {@code
 * spark.read.parquet(root)}, pyarrow, crawlers) list the table root, so only the run each date is
 * served from is kept under it; every other run of a date (superseded, refused, failed, crashed)
 * is <em>parked</em> outside the table root, at {@code <lake>/_feedlake/superseded/<db.table>/
 * date=D/run=<id>/} ({@link #parkedRoot}). DuckDB's {@code **} does not skip {@code _} or {@code .}
 * directories (checked with DuckDB 1.5.6), so a {@code _superseded/} folder inside the table root
 * would not hide them. A run keeps its canonical location ({@code <root>/date=D/run=<id>}) in the
 * records and the catalog wherever its files are; {@link RunDir#stored} says where they are.
 */
public final class TableStorage {
  private final Configuration conf;
  private final String lakeRoot;
  private final String ledgerTable;
  private final String root;
  private final String parkedRoot;

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
    this.parkedRoot = LakePaths.normalize(lakeRoot) + "/_feedlake/superseded/" + ledgerTable;
  }

  /** Where runs no reader is served from are kept: {@code <lake>/_feedlake/superseded/<db.table>}. */
  public String parkedRoot() {
    return parkedRoot;
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
   * @param location its canonical location under the table root (fully qualified), as the
   *     records and the catalog name it
   * @param stored where its files are now: {@code location}, or its parked copy outside the
   *     table root ({@link #parkedRoot})
   */
  public record RunDir(String runId, String location, String stored) {
    /** Whether the run is parked outside the table root. */
    public boolean parked() {
      return !location.equals(stored);
    }
  }

  /**
   * The run directories of a date under the table root and parked, sorted by run id (two
   * listings). A run found in both places (a move cut short by a crash) is listed once, as live.
   */
  public List<RunDir> runs(String date) {
    java.util.Map<String, RunDir> byId = new TreeMap<>();
    for (RunDir parked : list(LakePaths.dateDir(parkedRoot, date))) {
      byId.put(parked.runId(), new RunDir(parked.runId(), canonical(date, parked.runId()), parked.location()));
    }
    for (RunDir live : list(LakePaths.dateDir(root, date))) {
      byId.put(live.runId(), live);
    }
    return new ArrayList<>(byId.values());
  }

  /** The run directories of a date under the table root only (one listing). */
  public List<RunDir> liveRuns(String date) {
    return list(LakePaths.dateDir(root, date));
  }

  /** Dates with a directory under the table root or among the parked runs (two listings). */
  public java.util.SortedSet<String> dates() {
    java.util.SortedSet<String> out = new java.util.TreeSet<>(list().dates().keySet());
    try {
      Path dir = new Path(parkedRoot);
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus st : fs.listStatus(dir)) {
        if (st.isDirectory()) {
          LakePaths.dateOf(st.getPath().getName()).ifPresent(out::add);
        }
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw failure("list " + parkedRoot, e);
    }
    return out;
  }

  /** The canonical location of a run: {@code <root>/date=D/run=<id>}, fully qualified. */
  public String canonical(String date, String runId) {
    return qualify(LakePaths.runDir(root, date, runId));
  }

  /** Where a run is parked: {@code <lake>/_feedlake/superseded/<db.table>/date=D/run=<id>}. */
  public String parked(String date, String runId) {
    return qualify(LakePaths.runDir(parkedRoot, date, runId));
  }

  /**
   * Whether a canonical location is on storage, under the table root or parked (one or two
   * calls).
   */
  public boolean isStored(String location) {
    return exists(location) || parkedCopy(location).filter(this::exists).isPresent();
  }

  /**
   * Moves a parked run back under the table root before a reader is pointed at it (rollback,
   * register); nothing when it is there already. A move cut short earlier is completed.
   *
   * @param location the run's canonical location
   * @return whether files were moved
   */
  public boolean unpark(String location) {
    Optional<String> parked = parkedCopy(location).filter(this::exists);
    if (parked.isEmpty()) {
      return false;
    }
    move(parked.get(), location);
    return true;
  }

  /**
   * Parks every run of a date under the table root except {@code keep}, so that path readers see
   * only the served run. Never touches {@code keep} nor the date directory's own files.
   *
   * @param keep the canonical location readers are served from (the catalog's), or empty to park
   *     every run
   * @return the canonical locations parked
   */
  public List<String> converge(String date, Optional<String> keep) {
    Optional<String> kept = keep.map(LakePaths::normalize);
    List<String> moved = new ArrayList<>();
    for (RunDir run : liveRuns(date)) {
      if (kept.isPresent() && kept.get().equals(LakePaths.normalize(run.location()))) {
        continue;
      }
      park(run.location());
      moved.add(run.location());
    }
    return moved;
  }

  /**
   * Parks one run: moves its directory under the table root to {@link #parked}. Idempotent, and
   * completes a move cut short by a crash (files already at the target are kept and their source
   * deleted).
   */
  public void park(String location) {
    parkedCopy(location).ifPresent(target -> {
      if (exists(location)) {
        move(location, target);
      }
    });
  }

  private Optional<String> parkedCopy(String location) {
    Path p = new Path(LakePaths.normalize(location));
    Path dateDir = p.getParent();
    if (dateDir == null || LakePaths.runOf(p.getName()).isEmpty()) {
      return Optional.empty();
    }
    Optional<String> date = LakePaths.dateOf(dateDir.getName());
    if (date.isEmpty()
        || !qualify(dateDir).equals(qualify(LakePaths.dateDir(root, date.get())))) {
      return Optional.empty();
    }
    return Optional.of(parked(date.get(), LakePaths.runOf(p.getName()).get()));
  }

  /**
   * Moves a directory's files one by one (a rename each: atomic on local disk and HDFS, a copy
   * and a delete per object on S3), then deletes the source. Nothing depends on a directory
   * rename being atomic: a move cut short leaves every file in at least one of the two places,
   * and running it again completes it.
   */
  private void move(String from, String to) {
    try {
      Path src = new Path(from);
      Path dst = new Path(to);
      FileSystem fs = src.getFileSystem(conf);
      boolean resume = fs.exists(dst);
      String prefix = fs.makeQualified(src).toUri().getPath();
      var files = fs.listFiles(src, true);
      List<Path> todo = new ArrayList<>();
      while (files.hasNext()) {
        todo.add(files.next().getPath());
      }
      for (Path file : todo) {
        String rel = fs.makeQualified(file).toUri().getPath().substring(prefix.length() + 1);
        Path target = new Path(dst, rel);
        if (resume && fs.exists(target)) {
          fs.delete(file, false);
          continue;
        }
        fs.mkdirs(target.getParent());
        if (!fs.rename(file, target)) {
          throw new IOException("the file system refused to rename " + file + " to " + target);
        }
      }
      if (todo.isEmpty()) {
        fs.mkdirs(dst);
      }
      fs.delete(src, true);
    } catch (IOException e) {
      throw failure("move " + from + " to " + to, e);
    }
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
      return history.current().filter(this::isStored);
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

  private List<RunDir> list(Path dir) {
    List<RunDir> out = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus st : fs.listStatus(dir)) {
        Optional<String> run = st.isDirectory() ? LakePaths.runOf(st.getPath().getName()) : Optional.empty();
        run.ifPresent(id -> {
          String at = fs.makeQualified(st.getPath()).toString();
          out.add(new RunDir(id, at, at));
        });
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw failure("list " + dir, e);
    }
    out.sort(java.util.Comparator.comparing(RunDir::runId));
    return out;
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
