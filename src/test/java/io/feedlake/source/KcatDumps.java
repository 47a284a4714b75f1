package io.feedlake.source;

import io.feedlake.ingest.Classification;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A feedlake home in a temporary directory with one kafka-json job {@code j} (topic {@code t})
 * and its kcat {@code -J} dumps, written line by line from payload texts, for tests of what the
 * source does with the payloads.
 */
final class KcatDumps {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;

  /**
   * @param home an empty directory
   * @param ddl the payload schema ({@code source.schema.ddl})
   * @param eventTime the flattened event-time column
   * @param dedupeKey the dedupe key column
   */
  KcatDumps(Path home, String ddl, String eventTime, String dedupeKey) throws IOException {
    this.home = home;
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("jobs"));
    Files.writeString(home.resolve("conf/application.conf"), "lake.root = \"" + home.resolve("lake") + "\"\n");
    Files.writeString(home.resolve("jobs/j.conf"),
        "source { type = \"kafka-json\", path = \"" + home.resolve("alpha") + "\", topic = \"t\"\n"
            + "  schema.ddl = \"\"\"" + ddl + "\"\"\" }\n"
            + "conform { event-time { field = \"" + eventTime + "\" }, dedupe.key = [\"" + dedupeKey + "\"] }\n");
  }

  /** The job with {@code schema.on-unknown} set (null: the default). */
  JobSpec job(String onUnknown) {
    return ConfigLoader.load(home, null, onUnknown == null ? Map.of() : Map.of("schema.on-unknown", onUnknown))
        .job("j");
  }

  /**
   * Writes the dump of a date: one kcat envelope per payload (offsets from 0; null is a
   * tombstone), in {@code alpha/t/dt=<date>/part-0.json}.
   *
   * @return the file written
   */
  Path write(LocalDate date, List<String> payloads) throws IOException {
    Path dir = Files.createDirectories(home.resolve("alpha/t/dt=" + date));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      ObjectNode envelope = JSON.createObjectNode()
          .put("topic", "t").put("partition", 0).put("offset", i).put("tstype", "create")
          .put("ts", 1_700_000_000_000L).put("broker", 1);
      envelope.putNull("key");
      envelope.put("payload", payloads.get(i));
      lines.add(JSON.writeValueAsString(envelope));
    }
    return Files.write(dir.resolve("part-0.json"), lines);
  }

  /**
   * Classifies a date with the source as ingest does: the plan computed once ({@code
   * localCheckpoint}, as {@code ingest.Materialized}) before anything is asked of the source.
   */
  static Dataset<Row> classify(SparkSession spark, Classification source, LocalDate date) {
    return source.classify(spark, source.source().list(spark.sparkContext().hadoopConfiguration(), date), date)
        .localCheckpoint(true);
  }

  /** The job's source and its classification, as ingest builds them. */
  static Classification classification(JobSpec job) {
    return Classification.of(Sources.create(job), job);
  }
}
