package io.feedlake.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.feedlake.ExitCode;
import io.feedlake.ledger.DateResult;
import io.feedlake.ledger.RunCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-line JSON summary a command prints with {@code --json}: {@code command, job, table
 * (database.table), dates (per date: counts, files, bytes, seconds), run_id, status, exit_code},
 * totals {@code lines_read, records_read, written, duplicates, quarantined, filtered, skipped,
 * files_written, bytes_written}, and {@code seconds} (wall time). Commands add their own fields
 * ({@code report} and {@code check} print no dates and totals unless they add dates).
 */
final class RunSummary {
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final List<DateResult> dates = new ArrayList<>();
  private final long start = System.nanoTime();
  private final String runId;
  private ExitCode exitCode = ExitCode.OK;

  RunSummary(String command, String runId) {
    this.runId = runId;
    fields.put("command", command);
    fields.put("job", null);
    fields.put("table", null);
    fields.put("run_id", runId);
  }

  String runId() {
    return runId;
  }

  void put(String key, Object value) {
    fields.put(key, value);
  }

  void addDate(DateResult result) {
    dates.add(result);
  }

  List<DateResult> dates() {
    return dates;
  }

  void fail(ExitCode code, String message) {
    exitCode = code;
    fields.put("message", message);
  }

  ExitCode exitCode() {
    return exitCode;
  }

  String toJson() {
    Map<String, Object> out = new LinkedHashMap<>(fields);
    out.put("status", exitCode == ExitCode.OK ? "succeeded" : "failed");
    out.put("exit_code", exitCode.code());
    if (!dates.isEmpty() || !java.util.Set.of("report", "check").contains(fields.get("command"))) {
      out.put("dates", dates);
      long lines = 0, read = 0, written = 0, dups = 0, quar = 0, filt = 0, skipped = 0, files = 0, bytes = 0;
      for (DateResult d : dates) {
        RunCounts c = d.counts();
        if (c != null) {
          lines += c.linesRead();
          read += c.recordsRead();
          written += c.written();
          dups += c.duplicates();
          quar += c.quarantined();
          filt += c.filtered();
          skipped += c.skipped();
        }
        files += d.filesWritten();
        bytes += d.bytesWritten();
      }
      out.put("lines_read", lines);
      out.put("records_read", read);
      out.put("written", written);
      out.put("duplicates", dups);
      out.put("quarantined", quar);
      out.put("filtered", filt);
      out.put("skipped", skipped);
      out.put("files_written", files);
      out.put("bytes_written", bytes);
    }
    out.put("seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
    try {
      return JSON.writeValueAsString(out);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the run summary", e);
    }
  }
}
