package io.feedlake.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one JSON run record per (table, date, run) under {@code
 * <lake>/_feedlake/runs/<database.table>/date=<date>/run=<run id>.json}: the job, the action
 * ({@code ingest} or {@code rollback}), when it was recorded, inputs, counts, outputs, timings and
 * status, so that backfills, audits, rollback and vacuum can see what every run did ({@link
 * RunHistory} reads them back). Runs on the driver.
 */
public final class RunLedger {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final Configuration conf;
  private final Path root;

  /**
   * @param conf Hadoop configuration reaching the lake
   * @param lakeRoot the lake root directory or URI
   */
  public RunLedger(Configuration conf, String lakeRoot) {
    this.conf = conf;
    this.root = new Path(lakeRoot, "_feedlake/runs");
  }

  /**
   * Records a date's outcome.
   *
   * @param job job name
   * @param table {@code database.table}
   * @param runId run id
   * @param result the date's outcome
   * @param inputs input files (path to bytes)
   * @return the path of the record
   * @throws IOException when the record cannot be written
   */
  public Path record(
      String job, String table, String runId, DateResult result, Map<String, Long> inputs)
      throws IOException {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("job", job);
    rec.put("table", table);
    rec.put("run_id", runId);
    rec.put("action", RunHistory.INGEST);
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
   * @param location the run directory the partition now points at
   * @param previousLocation the run directory it pointed at before
   * @return the path of the record
   * @throws IOException when the record cannot be written
   */
  public Path recordRollback(String job, String table, String runId, String date, String location,
      String previousLocation) throws IOException {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("job", job);
    rec.put("table", table);
    rec.put("run_id", runId);
    rec.put("action", RunHistory.ROLLBACK);
    rec.put("recorded_at", Instant.now().toString());
    rec.put("date", date);
    rec.put("location", location);
    rec.put("previous_location", previousLocation);
    return write(table, date, runId, rec);
  }

  private Path write(String table, String date, String runId, Map<String, Object> rec) throws IOException {
    Path file = new Path(root, table + "/date=" + date + "/run=" + runId + ".json");
    FileSystem fs = file.getFileSystem(conf);
    try (OutputStream out = fs.create(file, true)) {
      JSON.writeValue(out, rec);
    }
    return file;
  }
}
