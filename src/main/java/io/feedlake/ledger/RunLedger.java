package io.feedlake.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one JSON run record per (table, date, run) under {@code
 * <lake>/_feedlake/runs/<database.table>/date=<date>/run=<run id>.json}: the job, inputs,
 * counts, outputs, timings and status, so that backfills and audits can see what every run did.
 * Runs on the driver.
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
    Path file = new Path(root, table + "/date=" + result.date() + "/run=" + runId + ".json");
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("job", job);
    rec.put("table", table);
    rec.put("run_id", runId);
    rec.put("result", result);
    rec.put("inputs", inputs);
    FileSystem fs = file.getFileSystem(conf);
    try (OutputStream out = fs.create(file, true)) {
      JSON.writeValue(out, rec);
    }
    return file;
  }
}
