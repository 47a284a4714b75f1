package io.feedlake.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.ledger.DateResult;
import io.feedlake.ledger.RunCounts;
import io.feedlake.ledger.RunLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A lake history built quickly for the checks' tests: run records written by {@link RunLedger}
 * exactly as ingest writes them (intent, then published) without running the ingests, and kcat
 * {@code -J} dumps of given payloads.
 */
public final class RecordedLake {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordedLake() {}

  /**
   * Records a published ingest run of a date of {@code beta.<table>} (job {@code table}), run id
   * {@code 20240310T000000Z-<yyyyMMdd>}, location {@code <lake>/beta/<table>/date=D/run=<id>} (no
   * data files are written).
   *
   * @return the run's location
   */
  public static String publish(Configuration conf, Path lake, String table, String date, long written,
      long quarantined) throws IOException {
    String runId = "20240310T000000Z-" + date.replace("-", "");
    String location = "file:" + lake.resolve("beta/" + table + "/date=" + date + "/run=" + runId);
    RunCounts counts = new RunCounts(written + quarantined, 0, written, 0, quarantined, 0, 0, Map.of(),
        quarantined == 0 ? Map.of() : Map.of("payload_parse_error", quarantined), Map.of());
    DateResult result = new DateResult(date, "succeeded", 0, null, 1, 1000, counts, 1, 500, location, 1.0,
        List.of(), Map.of());
    RunLedger ledger = new RunLedger(conf, lake.toString());
    ledger.record(table, "beta." + table, runId, RunLedger.PUBLISHING, result, Map.of());
    ledger.record(table, "beta." + table, runId, RunLedger.PUBLISHED, result, Map.of());
    return location;
  }

  /** Writes a kcat {@code -J} dump {@code <alpha>/<topic>/dt=<date>/<topic>-p0.json}, one envelope per payload. */
  public static void kcatDump(Path alpha, String topic, String date, List<String> payloads) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      Map<String, Object> envelope = new LinkedHashMap<>();
      envelope.put("topic", topic);
      envelope.put("partition", 0);
      envelope.put("offset", i);
      envelope.put("tstype", "create");
      envelope.put("ts", 1709287200000L);
      envelope.put("key", null);
      envelope.put("payload", payloads.get(i));
      lines.add(JSON.writeValueAsString(envelope));
    }
    Path dir = alpha.resolve(topic + "/dt=" + date);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(topic + "-p0.json"), String.join("\n", lines) + "\n");
  }
}
