package io.feedlake.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes one JSON run record per (table, date, run) under {@code
 * <lake>/_feedlake/runs/<database.table>/date=<date>/run=<run id>.json}: the job, the action
 * ({@code ingest} or {@code rollback}), the record's {@code status}, when it was recorded, inputs,
 * counts, outputs, timings, so that backfills, audits, rollback and vacuum can see what every run
 * did ({@link RunHistory} reads them back). Every write replaces the whole file atomically through
 * {@link RecordStore}: a reader never sees a partial or empty record. Runs on the driver.
 *
 * <p>Record statuses, in the order of the commit protocol: {@link #PUBLISHING} (the intent,
 * written before the catalog call that points the date at the run), then {@link #PUBLISHED} (after
 * the catalog call returned) or {@link #FAILED} (the run was refused or its catalog call failed).
 * A {@code publishing} record whose run the catalog serves is published (the catalog wins): {@link
 * RunHistory#reconcile} repairs it.
 */
public final class RunLedger {
  /** Status of an intent record: the catalog call may or may not have happened. */
  public static final String PUBLISHING = "publishing";
  /** Status of a run the catalog was pointed at. */
  public static final String PUBLISHED = "published";
  /** Status of a run that was not published. */
  public static final String FAILED = "failed";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final RecordStore store;
  private final Path root;

  /**
   * @param conf Hadoop configuration reaching the lake
   * @param lakeRoot the lake root directory or URI
   */
  public RunLedger(Configuration conf, String lakeRoot) {
    this.store = new RecordStore(conf);
    this.root = new Path(lakeRoot, "_feedlake/runs");
  }

  /**
   * Records a date's outcome with the status its result implies: {@code published} for a
   * succeeded result, {@code failed} otherwise.
   *
   * @see #record(String, String, String, String, DateResult, Map)
   */
  public Path record(
      String job, String table, String runId, DateResult result, Map<String, Long> inputs)
      throws IOException {
    return record(job, table, runId, "succeeded".equals(result.status()) ? PUBLISHED : FAILED, result, inputs);
  }

  /**
   * Records a date's outcome (or intent) with an explicit status.
   *
   * @param job job name
   * @param table {@code database.table}
   * @param runId run id
   * @param status {@link #PUBLISHING}, {@link #PUBLISHED} or {@link #FAILED}
   * @param result the date's outcome ({@code location}: the run directory to publish)
   * @param inputs input files (path to bytes)
   * @return the path of the record
   * @throws IOException when the record cannot be written (the previous version stays)
   */
  public Path record(String job, String table, String runId, String status, DateResult result,
      Map<String, Long> inputs) throws IOException {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("job", job);
    rec.put("table", table);
    rec.put("run_id", runId);
    rec.put("action", RunHistory.INGEST);
    rec.put("status", status);
    rec.put("recorded_at", Instant.now().toString());
    rec.put("result", result);
    rec.put("inputs", inputs);
    return write(table, result.date(), runId, rec);
  }

  /**
   * Records that a date was pointed back at an earlier run ({@code feedlake rollback}), so that
   * the history knows which run is current.
   *
   * @param runId the rollback command's run id
   * @param status {@link #PUBLISHING} before the catalog call, {@link #PUBLISHED} after it
   * @param location the run directory the partition now points at
   * @param previousLocation the run directory it pointed at before
   * @return the path of the record
   * @throws IOException when the record cannot be written
   */
  public Path recordRollback(String job, String table, String runId, String status, String date, String location,
      String previousLocation) throws IOException {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("job", job);
    rec.put("table", table);
    rec.put("run_id", runId);
    rec.put("action", RunHistory.ROLLBACK);
    rec.put("status", status);
    rec.put("recorded_at", Instant.now().toString());
    rec.put("date", date);
    rec.put("location", location);
    rec.put("previous_location", previousLocation);
    return write(table, date, runId, rec);
  }

  /** The path of a run's record. */
  public Path recordPath(String table, String date, String runId) {
    return new Path(root, table + "/date=" + date + "/run=" + runId + ".json");
  }

  /**
   * Repairs an intent record whose run the catalog serves: status {@code published}, with {@code
   * repaired_at} and why. The rest of the record (and {@code recorded_at}, its place in the
   * history) is kept.
   *
   * @param file the record
   * @param why the reason, e.g. {@code the catalog serves this run (found by register)}
   * @throws IOException when the record cannot be read or written
   */
  public void markPublished(Path file, String why) throws IOException {
    ObjectNode rec;
    try (InputStream in = store.open(file)) {
      rec = (ObjectNode) JSON.readTree(in);
    }
    rec.put("status", PUBLISHED);
    rec.put("repaired_at", Instant.now().toString());
    rec.put("repaired_because", why);
    store.write(file, JSON.writeValueAsBytes(rec));
  }

  private Path write(String table, String date, String runId, Map<String, Object> rec) throws IOException {
    Path file = recordPath(table, date, runId);
    JsonNode tree = JSON.valueToTree(rec);
    store.write(file, JSON.writeValueAsBytes(tree));
    return file;
  }
}
