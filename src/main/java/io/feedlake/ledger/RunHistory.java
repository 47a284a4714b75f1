package io.feedlake.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.publish.LakePaths;
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
 * succeeded (with its run directory) and every rollback (with the run directory it went back
 * to). The last publication is the date's current location. Read from {@code
 * <lake>/_feedlake/runs/<database.table>/date=<date>/*.json} (one listing plus one read per
 * record); records without {@code recorded_at} (older feedlake versions) are ordered by their
 * file's modification time. Runs on the driver.
 */
public final class RunHistory {
  /** Action of records written by ingest. */
  public static final String INGEST = "ingest";
  /** Action of records written by rollback. */
  public static final String ROLLBACK = "rollback";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean anyRecord;
  private final List<Publication> publications;

  private RunHistory(boolean anyRecord, List<Publication> publications) {
    this.anyRecord = anyRecord;
    this.publications = List.copyOf(publications);
  }

  /**
   * One change of the location readers see.
   *
   * @param runId the run that made it
   * @param recordedAt when
   * @param action {@link #INGEST} or {@link #ROLLBACK}
   * @param location the run directory made current (as recorded, fully qualified)
   */
  public record Publication(String runId, Instant recordedAt, String action, String location) {}

  /**
   * Reads the history of a date.
   *
   * @param table {@code database.table}
   * @param date {@code yyyy-MM-dd}
   * @throws IOException when the records cannot be listed or read
   */
  public static RunHistory read(Configuration conf, String lakeRoot, String table, String date) throws IOException {
    Path dir = new Path(lakeRoot, "_feedlake/runs/" + table + "/" + LakePaths.DATE_PREFIX + date);
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus[] files;
    try {
      files = fs.listStatus(dir, p -> p.getName().endsWith(".json"));
    } catch (FileNotFoundException e) {
      return new RunHistory(false, List.of());
    }
    List<Publication> out = new ArrayList<>();
    for (FileStatus f : files) {
      JsonNode rec;
      try (InputStream in = fs.open(f.getPath())) {
        rec = JSON.readTree(in);
      }
      String action = rec.path("action").asText(INGEST);
      String location;
      if (ROLLBACK.equals(action)) {
        location = rec.path("location").asText(null);
      } else {
        JsonNode result = rec.path("result");
        location = "succeeded".equals(result.path("status").asText()) ? result.path("location").asText(null) : null;
      }
      if (location != null) {
        out.add(new Publication(rec.path("run_id").asText(), recordedAt(rec, f), action, location));
      }
    }
    out.sort(Comparator.comparing(Publication::recordedAt).thenComparing(Publication::runId));
    return new RunHistory(files.length > 0, out);
  }

  private static Instant recordedAt(JsonNode rec, FileStatus file) {
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

  /** Whether any record exists for the date (published or not). */
  public boolean anyRecord() {
    return anyRecord;
  }

  /** Publications, oldest first. */
  public List<Publication> publications() {
    return publications;
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
