package io.feedlake.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.layout.LakePaths;
import io.feedlake.ledger.RunHistory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The published run of each date of one table, as the run records tell it ({@code
 * <lake>/_feedlake/runs/<database.table>/date=<date>/*.json}, read through the Hadoop file system
 * so that S3 and HDFS lakes work, via {@link RunHistory}). A date is published when its history
 * has a publication; its run is the last one (a rollback points back to an earlier ingest run,
 * whose record holds the counts). Intent records ({@code publishing}) not yet reconciled with the
 * catalog do not count. Runs on the driver; one listing of the table's record directory, then one
 * listing plus one read per record for each date asked about (memoized).
 */
public final class PublishedRuns {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final String lakeRoot;
  private final String table;
  private final Map<LocalDate, Optional<PublishedRun>> cache = new HashMap<>();
  private List<LocalDate> recorded;

  /**
   * The published run of one date.
   *
   * @param date the partition date
   * @param runId the run whose data readers see
   * @param location its run directory (fully qualified, as recorded)
   * @param publishedAt when the current publication was recorded
   * @param written rows written by that run; null when no record of the date has counts (a date
   *     that only received late events merged from another date's dump)
   * @param recordsRead records read by that run (null as {@code written})
   * @param quarantined records it quarantined (null as {@code written})
   */
  public record PublishedRun(LocalDate date, String runId, String location, Instant publishedAt, Long written,
      Long recordsRead, Long quarantined) {
    /** The quarantined share of records read, 0..1; null without counts, 0 when nothing was read. */
    public Double quarantineRatio() {
      if (quarantined == null || recordsRead == null) {
        return null;
      }
      return recordsRead == 0 ? 0.0 : (double) quarantined / recordsRead;
    }
  }

  /**
   * @param conf Hadoop configuration reaching the lake
   * @param lakeRoot the lake root directory or URI
   * @param table {@code database.table}
   */
  public PublishedRuns(Configuration conf, String lakeRoot, String table) {
    this.conf = conf;
    this.lakeRoot = lakeRoot;
    this.table = table;
  }

  /**
   * Dates that have any run record (published or not), sorted.
   *
   * @throws FeedlakeException exit 5 when the record directory cannot be listed
   */
  public List<LocalDate> recordedDates() {
    if (recorded != null) {
      return recorded;
    }
    Path dir = new Path(lakeRoot, "_feedlake/runs/" + table);
    List<LocalDate> out = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        if (f.isDirectory() && name.startsWith(LakePaths.DATE_PREFIX)) {
          try {
            out.add(LocalDate.parse(name.substring(LakePaths.DATE_PREFIX.length())));
          } catch (DateTimeParseException e) {
            // Not a date directory of feedlake's; it holds no run of a date.
          }
        }
      }
    } catch (FileNotFoundException e) {
      // No run recorded yet for the table.
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot list the run records of " + table + " under " + dir
          + ": " + e.getMessage(), e);
    }
    out.sort(null);
    recorded = List.copyOf(out);
    return recorded;
  }

  /**
   * The published run of a date.
   *
   * @return empty when no run of the date is published
   * @throws FeedlakeException exit 5 when the records cannot be read, exit 3 when one is corrupt
   */
  public Optional<PublishedRun> published(LocalDate date) {
    Optional<PublishedRun> known = cache.get(date);
    if (known != null) {
      return known;
    }
    Optional<PublishedRun> run;
    try {
      run = read(date);
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot read the run records of " + table + " date=" + date
          + " under " + lakeRoot + "/_feedlake/runs: " + e.getMessage(), e);
    }
    cache.put(date, run);
    return run;
  }

  /**
   * The published runs of the latest dates before a date, newest first.
   *
   * @param before the date (excluded)
   * @param count at most this many
   */
  public List<PublishedRun> latestBefore(LocalDate before, int count) {
    List<LocalDate> dates = recordedDates();
    List<PublishedRun> out = new ArrayList<>();
    for (int i = dates.size() - 1; i >= 0 && out.size() < count; i--) {
      if (dates.get(i).isBefore(before)) {
        published(dates.get(i)).ifPresent(out::add);
      }
    }
    return out;
  }

  private Optional<PublishedRun> read(LocalDate date) throws IOException {
    if (!recordedDates().contains(date)) {
      return Optional.empty();
    }
    RunHistory history = RunHistory.read(conf, lakeRoot, table, date.toString());
    List<RunHistory.Publication> pubs = history.publications();
    if (pubs.isEmpty()) {
      return Optional.empty();
    }
    RunHistory.Publication current = pubs.get(pubs.size() - 1);
    String location = LakePaths.normalize(current.location());
    JsonNode counts = null;
    String runId = current.runId();
    // The counts of the ingest run whose directory is current (a rollback's record has none);
    // failing that, of the last ingest run with counts (a late-event merge's record has none).
    for (int i = pubs.size() - 1; i >= 0 && counts == null; i--) {
      RunHistory.Publication p = pubs.get(i);
      if (RunHistory.INGEST.equals(p.action()) && LakePaths.normalize(p.location()).equals(location)) {
        runId = p.runId();
        counts = countsOf(p.file());
      }
    }
    for (int i = pubs.size() - 1; i >= 0 && counts == null; i--) {
      if (RunHistory.INGEST.equals(pubs.get(i).action())) {
        counts = countsOf(pubs.get(i).file());
      }
    }
    return Optional.of(new PublishedRun(date, runId, current.location(), current.recordedAt(),
        number(counts, "written"), counts == null ? null : counts.path("lines_read").asLong()
            - counts.path("skipped").asLong(), number(counts, "quarantined")));
  }

  private static Long number(JsonNode counts, String field) {
    return counts == null || !counts.path(field).isNumber() ? null : counts.path(field).asLong();
  }

  private JsonNode countsOf(Path record) throws IOException {
    try (InputStream in = record.getFileSystem(conf).open(record)) {
      JsonNode counts = JSON.readTree(in).path("result").path("counts");
      return counts.isObject() ? counts : null;
    }
  }
}
