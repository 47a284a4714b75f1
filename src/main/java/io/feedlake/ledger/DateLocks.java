package io.feedlake.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.layout.LakePaths;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per (table, date): a lease lock on the lake's own file system, with the run id as
 * fencing token. Runs on the driver.
 *
 * <p>A lease is a small JSON file {@code <lake>/_feedlake/locks/<database.table>/date=<D>.lease.<n>}
 * holding the run id, host, start time and lease expiry; the highest generation {@code n} is the
 * current lease. It is created by an <em>exclusive create</em> only, never by rename, so the same
 * design holds on every store:
 *
 * <ul>
 *   <li>local disk: a hard link of a fully written temporary file ({@code link(2)} fails when the
 *       name exists, and the lease is never seen half written);
 *   <li>HDFS: {@code create(path, overwrite = false)}, atomic in the NameNode;
 *   <li>S3 through S3A: a conditional PUT ({@code If-None-Match: *}, which Amazon S3 supports
 *       since August 2024) requested with the {@code createFile()} option {@code
 *       fs.option.create.conditional.overwrite} (HADOOP-19256, in hadoop-aws 3.4.2 and later). An
 *       S3A without that option (Hadoop 3.3.x, 3.4.0, 3.4.1) only checks for the object before its
 *       PUT, which two writers can pass at the same time: the lock is then best effort, and the
 *       fencing check below is what still refuses a second publication in most interleavings.
 * </ul>
 *
 * <p>Taking a lease: when no lease file exists, create generation 0. When one exists and is live,
 * fail with exit 5 naming its run. When it has expired (a run crashed holding it), create
 * generation {@code n + 1}: of several runs taking it over at once, exactly one create succeeds;
 * the winner deletes the older generations and reports the takeover. Before its catalog call a
 * run {@link Lease#check checks} that the highest generation still names its run id (fencing): a
 * run whose lease was taken over stops with exit 5 instead of publishing over the new writer.
 * Release deletes the run's own lease file.
 *
 * <p>Not covered: a run that stalls between its fencing check and its catalog call for longer than
 * the lease (the window is one catalog call) can still publish after a takeover.
 *
 * <p>Cost per date: one listing and one create (plus one read when a lease exists), one listing
 * and one read for the check, one delete at release: on S3, about five requests.
 */
public final class DateLocks {
  private static final Logger LOG = LoggerFactory.getLogger(DateLocks.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LEASE = ".lease.";
  private static final String RELEASED = "(released)";
  private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "oss");
  /** The S3A {@code createFile()} option for a conditional (If-None-Match) create (HADOOP-19256). */
  static final String CONDITIONAL_CREATE = "fs.option.create.conditional.overwrite";

  private final Configuration conf;
  private final Path root;
  private final Duration lease;
  private final Clock clock;
  private final String host;

  /**
   * @param conf Hadoop configuration reaching the lake
   * @param lakeRoot the lake root
   * @param lease how long a lease is valid ({@code publish.lock.lease})
   */
  public DateLocks(Configuration conf, String lakeRoot, Duration lease) {
    this(conf, lakeRoot, lease, Clock.systemUTC(), hostName());
  }

  /** As {@link #DateLocks(Configuration, String, Duration)}, with a clock and host name (tests). */
  public DateLocks(Configuration conf, String lakeRoot, Duration lease, Clock clock, String host) {
    this.conf = conf;
    this.root = new Path(lakeRoot, "_feedlake/locks");
    this.lease = lease;
    this.clock = clock;
    this.host = host;
  }

  /**
   * Who holds a lease.
   *
   * @param runId the holder's run id (empty string when the lease file is still being written)
   * @param host the holder's host
   * @param since when it took the lease
   * @param until when the lease expires
   */
  public record Holder(String runId, String host, Instant since, Instant until) {
    /** Whether the lease is still valid at an instant. */
    public boolean liveAt(Instant now) {
      return now.isBefore(until);
    }

    String describe(String table, String date) {
      return "table " + table + " date " + date + " is being written by run "
          + (runId.isEmpty() ? "(unknown: its lease file is still being written)" : runId)
          + " since " + since + " (lease until " + until + ", host " + host + ")";
    }
  }

  /** A held lease; {@link #close} releases it. */
  public final class Lease implements AutoCloseable {
    private final String table;
    private final String date;
    private final String runId;
    private final Path file;
    private final int generation;
    private final Optional<String> takeover;

    private Lease(String table, String date, String runId, Path file, int generation, Optional<String> takeover) {
      this.table = table;
      this.date = date;
      this.runId = runId;
      this.file = file;
      this.generation = generation;
      this.takeover = takeover;
    }

    /** When the lease was taken over from an expired one: what was taken over (for the notes). */
    public Optional<String> takeover() {
      return takeover;
    }

    /** The lease file. */
    public Path file() {
      return file;
    }

    /**
     * The fencing check, made just before the catalog call: the current lease must still be this
     * run's.
     *
     * @throws FeedlakeException exit 5 when another run has taken the lease over (or it is gone)
     */
    public void check() {
      Optional<Map.Entry<Integer, Path>> top = latest(table, date);
      Optional<Holder> holder = top.map(e -> read(e.getValue()));
      if (holder.isPresent() && holder.get().runId().equals(runId) && top.get().getKey() == generation) {
        return;
      }
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot publish table " + table + " date " + date + ": run "
          + runId + " no longer holds the lock on it (" + holder.map(h -> h.describe(table, date))
          .orElse("the lease file " + file + " is gone") + "); nothing was published by this run");
    }

    /** Releases the lease: deletes this run's lease file if it is still this run's. */
    @Override
    public void close() {
      try {
        FileSystem fs = fileSystem(file);
        Holder h = read(file);
        if (h.runId().equals(runId)) {
          fs.delete(file, false);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("Cannot release the lock {} of run {}: {} (it expires at its lease end)", file, runId, e.toString());
      }
    }
  }

  /**
   * Takes the lease of a (table, date) for a run.
   *
   * @param table {@code database.table}
   * @param date {@code yyyy-MM-dd}
   * @param runId the run id (fencing token)
   * @return the held lease
   * @throws FeedlakeException exit 5 when another run holds a live lease: {@code table T date D is
   *     being written by run <id> since <time> (lease until <time>, host <host>)}; exit 5 when the
   *     lock directory cannot be reached
   */
  public Lease acquire(String table, String date, String runId) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Map.Entry<Integer, Path>> top = latest(table, date);
      Instant now = clock.instant();
      int generation = 0;
      Optional<String> takeover = Optional.empty();
      if (top.isPresent()) {
        Holder h = read(top.get().getValue());
        if (h.liveAt(now)) {
          throw held(h, table, date);
        }
        generation = top.get().getKey() + 1;
        takeover = h.host().equals(RELEASED) ? Optional.empty() : Optional.of("took over the expired lock of run " + (h.runId().isEmpty() ? "(unknown)" : h.runId())
            + " (held since " + h.since() + ", lease until " + h.until() + ", host " + h.host() + ")");
      }
      Path file = leaseFile(table, date, generation);
      Holder mine = new Holder(runId, host, now, now.plus(lease));
      if (createExclusive(file, content(mine, table, date))) {
        // A listing that raced with another run's takeover (its new generation created, the old
        // one deleted) can miss both files, and this run then re-created a lower generation: the
        // highest generation holds the lock, so this run gives way.
        Optional<Map.Entry<Integer, Path>> after = latest(table, date);
        if (after.isPresent() && after.get().getKey() > generation) {
          deleteQuietly(file);
          continue;
        }
        if (takeover.isPresent()) {
          deleteOlder(table, date, generation);
          LOG.warn("table {} date {}: run {} {}", table, date, runId, takeover.get());
        }
        return new Lease(table, date, runId, file, generation, takeover);
      }
      // Another run created this generation first: look again (it is live now, or gone already).
    }
    Optional<Map.Entry<Integer, Path>> top = latest(table, date);
    throw top.map(e -> held(read(e.getValue()), table, date)).orElseGet(() -> new FeedlakeException(
        ExitCode.TRANSIENT, "Cannot lock table " + table + " date " + date + ": other runs keep taking and releasing"
            + " it; retry later"));
  }

  /**
   * As {@link #acquire}, but while the date is held by a run that {@code waitFor} accepts, waits
   * for it and tries again every {@code poll}. For a backfill's dates, which run at once in one
   * application: a date whose late events belong to an earlier date waits for that date's own run
   * of the same command to finish, instead of failing. Late events only move to earlier dates, so
   * such waits cannot form a cycle. A holder {@code waitFor} refuses fails at once, as {@link
   * #acquire} does.
   *
   * @param waitFor tells, from the holder's run id, whether to wait for it
   * @param poll how long to sleep between attempts
   * @throws FeedlakeException exit 5 as {@link #acquire}, or when interrupted while waiting
   */
  public Lease acquireAfter(String table, String date, String runId, Predicate<String> waitFor, Duration poll) {
    int unexplained = 0;
    while (true) {
      try {
        return acquire(table, date, runId);
      } catch (FeedlakeException e) {
        Holder h = liveLeases(table).get(date);
        if (h == null) {
          // Released between the attempt and the listing, or the failure was not a live lease.
          if (++unexplained >= 3) {
            throw e;
          }
          continue;
        }
        if (!waitFor.test(h.runId())) {
          throw e;
        }
        LOG.info("table {} date {}: run {} waits for run {} of the same command to release the date", table, date,
            runId, h.runId());
        try {
          Thread.sleep(poll.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new FeedlakeException(ExitCode.TRANSIENT, "Interrupted while waiting for table " + table + " date "
              + date + ", held by run " + h.runId(), ie);
        }
      }
    }
  }

  /**
   * The live leases of a table's dates (one listing), for commands that must not touch a date
   * being written (vacuum).
   *
   * @return date to holder
   */
  public SortedMap<String, Holder> liveLeases(String table) {
    SortedMap<String, Holder> out = new TreeMap<>();
    Path dir = new Path(root, table);
    try {
      FileSystem fs = fileSystem(dir);
      Map<String, Map.Entry<Integer, Path>> top = new TreeMap<>();
      for (FileStatus st : fs.listStatus(dir)) {
        parse(st.getPath().getName()).ifPresent(e -> top.merge(e.getKey(), Map.entry(e.getValue(), st.getPath()),
            (a, b) -> a.getKey() >= b.getKey() ? a : b));
      }
      Instant now = clock.instant();
      top.forEach((date, e) -> {
        Holder h = read(e.getValue());
        if (h.liveAt(now)) {
          out.put(date, h);
        }
      });
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot list the locks under " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private FeedlakeException held(Holder h, String table, String date) {
    return new FeedlakeException(ExitCode.TRANSIENT, h.describe(table, date)
        + "; retry when that run has ended (an expired lease is taken over)");
  }

  private Path leaseFile(String table, String date, int generation) {
    return new Path(root, table + "/" + LakePaths.DATE_PREFIX + date + LEASE + generation);
  }

  /** Date and generation of a lease file name {@code date=D.lease.<n>}. */
  private static Optional<Map.Entry<String, Integer>> parse(String name) {
    int at = name.indexOf(LEASE);
    if (at < 0 || !name.startsWith(LakePaths.DATE_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Map.entry(name.substring(LakePaths.DATE_PREFIX.length(), at),
          Integer.parseInt(name.substring(at + LEASE.length()))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The highest lease generation of a date and its file, if any (one listing). */
  private Optional<Map.Entry<Integer, Path>> latest(String table, String date) {
    Path dir = new Path(root, table);
    try {
      FileSystem fs = fileSystem(dir);
      Map.Entry<Integer, Path> best = null;
      for (FileStatus st : fs.listStatus(dir)) {
        Optional<Map.Entry<String, Integer>> p = parse(st.getPath().getName());
        if (p.isPresent() && p.get().getKey().equals(date) && (best == null || p.get().getValue() > best.getKey())) {
          best = Map.entry(p.get().getValue(), st.getPath());
        }
      }
      return Optional.ofNullable(best);
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot list the locks under " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a lease file. An empty or partial file (being written by its creator on HDFS or S3A
   * without conditional create) counts as a live lease from its modification time on.
   */
  private Holder read(Path file) {
    try {
      FileSystem fs = fileSystem(file);
      FileStatus st;
      try {
        st = fs.getFileStatus(file);
      } catch (FileNotFoundException e) {
        // Released or superseded between the listing and this read.
        return new Holder("", RELEASED, Instant.EPOCH, Instant.EPOCH);
      }
      JsonNode n = null;
      try (InputStream in = fs.open(file)) {
        n = JSON.readTree(in);
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        n = null;
      } catch (FileNotFoundException e) {
        // Released or superseded between its status and its read (a taker replaced it).
        return new Holder("", RELEASED, Instant.EPOCH, Instant.EPOCH);
      }
      Instant mtime = Instant.ofEpochMilli(st.getModificationTime());
      if (n == null || !n.isObject() || !n.hasNonNull("lease_until")) {
        return new Holder("", "(unknown)", mtime, mtime.plus(lease));
      }
      return new Holder(n.path("run_id").asText(""), n.path("host").asText("(unknown)"),
          Instant.parse(n.path("started_at").asText(mtime.toString())), Instant.parse(n.path("lease_until").asText()));
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot read the lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] content(Holder h, String table, String date) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("date", date);
    m.put("run_id", h.runId());
    m.put("host", h.host());
    m.put("started_at", h.since().toString());
    m.put("lease_until", h.until().toString());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise a lease", e);
    }
  }

  /**
   * Creates a file only if no file of that name exists, in one atomic step where the store allows
   * it (see the class comment).
   *
   * @return false when the file exists already
   */
  private boolean createExclusive(Path file, byte[] content) {
    try {
      FileSystem fs = file.getFileSystem(conf);
      String scheme = fs.getUri().getScheme() == null ? "" : fs.getUri().getScheme().toLowerCase(Locale.ROOT);
      if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
        RawLocalFileSystem raw = fs instanceof LocalFileSystem l ? (RawLocalFileSystem) l.getRawFileSystem()
            : (RawLocalFileSystem) fs;
        java.nio.file.Path target = raw.pathToFile(file).toPath();
        Files.createDirectories(target.getParent());
        java.nio.file.Path tmp = target.resolveSibling(RecordStore.TEMP_PREFIX + target.getFileName() + "."
            + UUID.randomUUID());
        Files.write(tmp, content);
        try {
          Files.createLink(target, tmp);
          return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
          return false;
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      if (OBJECT_STORES.contains(scheme)) {
        return createConditional(fs, file, content);
      }
      try (FSDataOutputStream out = fs.create(file, false)) {
        out.write(content);
      }
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot create the lock " + file + ": " + e.getMessage(), e);
    }
  }

  private boolean createConditional(FileSystem fs, Path file, byte[] content) throws IOException {
    FSDataOutputStream out;
    try {
      out = (FSDataOutputStream) fs.createFile(file).overwrite(false).must(CONDITIONAL_CREATE, true).build();
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // hadoop-aws before 3.4.2: no conditional create; the HEAD-then-PUT of create(false) it is.
      LOG.debug("{} does not support {}: {}", fs.getUri(), CONDITIONAL_CREATE, e.toString());
      out = fs.create(file, false);
    }
    try {
      out.write(content);
      out.close();
      return true;
    } catch (IOException e) {
      // A conditional PUT that lost the race fails at close (HTTP 412); anything else is an error.
      if (fs.exists(file) && !read(file).runId().isEmpty()) {
        return false;
      }
      throw e;
    }
  }

  private void deleteQuietly(Path p) {
    try {
      fileSystem(p).delete(p, false);
    } catch (IOException e) {
      LOG.warn("Cannot delete the lock {} this run gave way with: {}", p, e.toString());
    }
  }

  private void deleteOlder(String table, String date, int generation) {
    for (int g = 0; g < generation; g++) {
      Path p = leaseFile(table, date, g);
      try {
        fileSystem(p).delete(p, false);
      } catch (IOException e) {
        LOG.warn("Cannot delete the superseded lock {}: {}", p, e.toString());
      }
    }
  }

  private FileSystem fileSystem(Path p) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  /** The lease files of a table, by name (tests). */
  List<String> files(String table) throws IOException {
    List<String> out = new ArrayList<>();
    Path dir = new Path(root, table);
    for (FileStatus st : fileSystem(dir).listStatus(dir)) {
      out.add(st.getPath().getName());
    }
    out.sort(null);
    return out;
  }
}
