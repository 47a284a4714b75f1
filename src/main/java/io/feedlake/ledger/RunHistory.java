package io.feedlake.ledger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.layout.LakePaths;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the run records of one (table, date) say was published, in order: every ingest run that
 * was published (with its run directory) and every rollback (with the run directory it went back
 * to). The last publication is the date's current location. Read from {@code
 * <lake>/_feedlake/runs/<database.table>/date=<date>/*.json} (one listing plus one read per
 * record; hidden files such as {@link RecordStore}'s temporary files are skipped); records
 * without {@code recorded_at} (older feedlake versions) are ordered by their file's modification
 * time, records without {@code status} count as published when their result succeeded. Runs on
 * the driver.
 *
 * <p>Intent records ({@code publishing}) are not publications until {@link #reconcile} finds the
 * catalog serving their run: the catalog is the one point of truth for what readers see.
 */
public final class RunHistory {
  /** Action of records written by ingest. */
  public static final String INGEST = "ingest";
  /** Action of records written by rollback. */
  public static final String ROLLBACK = "rollback";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean anyRecord;
  private final List<Publication> publications;
  private final List<Publication> intents;
  private final RunLedger ledger;

  private RunHistory(boolean anyRecord, List<Publication> publications, List<Publication> intents, RunLedger ledger) {
    this.anyRecord = anyRecord;
    this.publications = List.copyOf(publications);
    this.intents = List.copyOf(intents);
    this.ledger = ledger;
  }

  /**
   * One change of the location readers see (or, for an intent, one that was about to happen).
   *
   * @param runId the run that made it
   * @param recordedAt when
   * @param action {@link #INGEST} or {@link #ROLLBACK}
   * @param location the run directory made current (as recorded, fully qualified)
   * @param file the record
   */
  public record Publication(String runId, Instant recordedAt, String action, String location, Path file) {}

  /**
   * Reads the history of a date.
   *
   * @param table {@code database.table}
   * @param date {@code yyyy-MM-dd}
   * @throws IOException when the records cannot be listed or read
   * @throws FeedlakeException exit 3 when a record is not a JSON object (empty, truncated, edited),
   *     naming the file: the history cannot be told without it, and a retry cannot fix it
   */
  public static RunHistory read(Configuration conf, String lakeRoot, String table, String date) throws IOException {
    Path dir = new Path(lakeRoot, "_feedlake/runs/" + table + "/" + LakePaths.DATE_PREFIX + date);
    RecordStore store = new RecordStore(conf);
    RunLedger ledger = new RunLedger(conf, lakeRoot);
    FileSystem fs = store.fileSystem(dir);
    FileStatus[] files;
    try {
      files = fs.listStatus(dir, p -> p.getName().endsWith(".json") && !RecordStore.hidden(p.getName()));
    } catch (FileNotFoundException e) {
      return new RunHistory(false, List.of(), List.of(), ledger);
    }
    List<Publication> out = new ArrayList<>();
    List<Publication> intents = new ArrayList<>();
    for (FileStatus f : files) {
      JsonNode rec = parse(store, f);
      String action = rec.path("action").asText(INGEST);
      String location = ROLLBACK.equals(action) ? rec.path("location").asText(null)
          : rec.path("result").path("location").asText(null);
      String status = rec.path("status").asText(null);
      if (status == null) {
        // Records of feedlake versions before the commit protocol: written after the catalog call.
        boolean succeeded = ROLLBACK.equals(action) || "succeeded".equals(rec.path("result").path("status").asText());
        status = succeeded ? RunLedger.PUBLISHED : RunLedger.FAILED;
      }
      if (location == null) {
        continue;
      }
      Publication p = new Publication(rec.path("run_id").asText(), recordedAt(rec, f), action, location, f.getPath());
      if (RunLedger.PUBLISHED.equals(status)) {
        out.add(p);
      } else if (RunLedger.PUBLISHING.equals(status)) {
        intents.add(p);
      }
    }
    Comparator<Publication> order = Comparator.comparing(Publication::recordedAt).thenComparing(Publication::runId);
    out.sort(order);
    intents.sort(order);
    return new RunHistory(files.length > 0, out, intents, ledger);
  }

  private static JsonNode parse(RecordStore store, FileStatus f) throws IOException {
    String why;
    try (InputStream in = store.open(f.getPath())) {
      JsonNode rec = JSON.readTree(in);
      if (rec != null && rec.isObject()) {
        return rec;
      }
      why = rec == null || rec.isMissingNode() ? "it is empty" : "it is not a JSON object";
    } catch (JacksonException e) {
      why = "it is not valid JSON (" + e.getOriginalMessage() + ")";
    }
    throw new FeedlakeException(ExitCode.DATA_CONTRACT, "Cannot read the run record " + f.getPath() + " ("
        + f.getLen() + " bytes): " + why + "; the date's history cannot be told without it. Restore or remove"
        + " the file (the catalog's current location is the truth for readers).");
  }

  /** The record's {@code recorded_at} (UTC instant), or the file's modification time when absent or unparseable. */
  static Instant recordedAt(JsonNode rec, FileStatus file) {
    String at = rec.path("recorded_at").asText(null);
    if (at != null) {
      try {
        return Instant.parse(at);
      } catch (DateTimeParseException e) {
        // fall back to the file time below
      }
    }
    return Instant.ofEpochMilli(file.getModificationTime());
  }

  /**
   * Reconciles intent records with the catalog: an intent whose run directory is the location the
   * catalog serves for the date was published (the catalog call happened, the record was not
   * updated: a crash or a failure right after the swap), so it becomes a publication and its
   * record is repaired to {@code published}. Other intents stay unpublished and are left as they
   * are (their run may still be in progress). The catalog wins; nothing moves the date.
   *
   * @param registered the location the catalog serves for the date, if it is registered
   * @param who the command reconciling, for the repaired record (e.g. {@code register})
   * @return the reconciled history
   * @throws FeedlakeException exit 5 when a repaired record cannot be written
   */
  public RunHistory reconcile(Optional<String> registered, String who) {
    if (registered.isEmpty() || intents.isEmpty()) {
      return this;
    }
    String served = LakePaths.normalize(registered.get());
    List<Publication> matched = intents.stream().filter(i -> LakePaths.normalize(i.location()).equals(served)).toList();
    if (matched.isEmpty()) {
      return this;
    }
    List<Publication> pubs = new ArrayList<>(publications);
    List<Publication> rest = new ArrayList<>(intents);
    for (Publication p : matched) {
      try {
        ledger.markPublished(p.file(), "the catalog serves " + p.location() + " (found by " + who + ")");
      } catch (IOException e) {
        throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot repair the run record " + p.file()
            + " (the catalog serves its run, the record says publishing): " + e.getMessage(), e);
      }
      pubs.add(p);
      rest.remove(p);
    }
    pubs.sort(Comparator.comparing(Publication::recordedAt).thenComparing(Publication::runId));
    return new RunHistory(anyRecord, pubs, rest, ledger);
  }

  /** Whether any record exists for the date (published or not). */
  public boolean anyRecord() {
    return anyRecord;
  }

  /** Publications, oldest first. */
  public List<Publication> publications() {
    return publications;
  }

  /** Intent records not (yet) reconciled with the catalog, oldest first. */
  public List<Publication> intents() {
    return intents;
  }

  /** Whether a location is known to the records (published, or the subject of an intent). */
  public boolean knows(String location) {
    String wanted = LakePaths.normalize(location);
    return publications.stream().anyMatch(p -> LakePaths.normalize(p.location()).equals(wanted))
        || intents.stream().anyMatch(p -> LakePaths.normalize(p.location()).equals(wanted));
  }

  /** The location the last publication made current. */
  public Optional<String> current() {
    return publications.isEmpty() ? Optional.empty() : Optional.of(publications.get(publications.size() - 1).location());
  }

  /** Run directories published by ingest runs, in the order they were first published. */
  public List<String> ingestedLocations() {
    Set<String> out = new LinkedHashSet<>();
    publications.stream().filter(p -> INGEST.equals(p.action())).forEach(p -> out.add(LakePaths.normalize(p.location())));
    return new ArrayList<>(out);
  }

  /**
   * Since when a location has not been current: the time of the first publication after its last
   * one; empty when it is current or was never published.
   */
  public Optional<Instant> unreferencedSince(String location) {
    String wanted = LakePaths.normalize(location);
    int last = -1;
    for (int i = 0; i < publications.size(); i++) {
      if (LakePaths.normalize(publications.get(i).location()).equals(wanted)) {
        last = i;
      }
    }
    if (last < 0 || last == publications.size() - 1) {
      return Optional.empty();
    }
    return Optional.of(publications.get(last + 1).recordedAt());
  }
}
