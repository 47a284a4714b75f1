package io.feedlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The DuckDB reference (JDBC, {@code org.duckdb:duckdb_jdbc}, test scope); run by {@link
 * IngestBenchmark} in its own JVM so that its peak RSS is its own.
 *
 * <ul>
 *   <li>{@code json <dump dir> <out> <threads>}: {@code read_json} of the kcat -J lines with
 *       explicit envelope columns, {@code json_transform} of valid payloads to the vsco_events
 *       structure, rows without an {@code event_id} dropped, {@code QUALIFY row_number()} over
 *       {@code event_id} by (offset, partition), ordered by (event_type, event_ts), {@code COPY}
 *       to snappy Parquet with {@code PARTITION_BY (date)}.
 *   <li>{@code adobe-csv <delivery dir> <out> <threads>}: {@code read_csv} with a tab delimiter,
 *       no quoting, all columns VARCHAR (rows with too many fields skipped, short rows padded),
 *       {@code COPY} to {@code <out>/data.parquet} (snappy): like Spark's CSV reader, it does not unescape, dedupe or
 *       classify.
 * </ul>
 */
public final class DuckDbIngest {
  /** The payload structure of jobs/vsco_events.conf for {@code json_transform}. */
  static final String STRUCTURE = "{\"event_id\":\"VARCHAR\",\"event_type\":\"VARCHAR\",\"event_time\":\"VARCHAR\","
      + "\"user\":{\"id\":\"VARCHAR\",\"country\":\"VARCHAR\",\"locale\":\"VARCHAR\","
      + "\"device\":{\"os\":\"VARCHAR\",\"osVersion\":\"VARCHAR\",\"model\":\"VARCHAR\"}},"
      + "\"properties\":{\"filter\":\"VARCHAR\",\"preset\":\"VARCHAR\",\"durationMs\":\"BIGINT\",\"caption\":\"VARCHAR\"}}";

  private DuckDbIngest() {}

  public static void main(String[] args) throws SQLException, IOException {
    String in = args[1].replace("'", "''");
    String out = args[2].replace("'", "''");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + Integer.parseInt(args[3]));
      s.execute("SET TimeZone = 'UTC'");
      switch (args[0]) {
        case "json" -> s.execute("COPY (\n"
            + " WITH parsed AS (\n"
            + "  SELECT CASE WHEN json_valid(payload) THEN json_transform(payload, '" + STRUCTURE + "') END AS e, topic, \"partition\", \"offset\", ts, key,"
            + " headers\n"
            + "  FROM read_json('" + in + "/**/*.json', format = 'newline_delimited', columns = {topic: 'VARCHAR',"
            + " \"partition\": 'INTEGER', \"offset\": 'BIGINT', tstype: 'VARCHAR', ts: 'BIGINT', broker: 'INTEGER',"
            + " headers: 'VARCHAR[]', key: 'VARCHAR', payload: 'VARCHAR'})\n"
            + "  ),\n"
            + " flat AS (\n"
            + "  SELECT e.event_id AS event_id, e.event_type AS event_type, e.event_time AS event_time,"
            + " e.\"user\" AS \"user\", e.properties AS properties, topic AS kafka_topic, \"partition\" AS"
            + " kafka_partition, \"offset\" AS kafka_offset, epoch_ms(ts) AS kafka_timestamp, key AS kafka_key,"
            + " headers AS kafka_headers, CAST(e.event_time AS TIMESTAMP) AS event_ts\n"
            + "  FROM parsed WHERE e.event_id IS NOT NULL)\n"
            + " SELECT *, CAST(event_ts AS DATE) AS date FROM flat\n"
            + " QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY kafka_offset, kafka_partition) = 1\n"
            + " ORDER BY event_type, event_ts\n"
            + ") TO '" + out + "' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (date))");
        case "adobe-csv" -> {
          // Without PARTITION_BY, COPY writes one file at the path it is given: put it inside the
          // output directory so the benchmark finds it like the other engines' files.
          Files.createDirectories(Paths.get(args[2]));
          s.execute("COPY (SELECT * FROM read_csv('" + in + "/*.tsv.gz', delim = '\\t',"
              + " header = false, quote = '', escape = '', all_varchar = true, null_padding = true,"
              + " ignore_errors = true)) TO '" + out + "/data.parquet' (FORMAT parquet, COMPRESSION snappy)");
        }
        default -> throw new IllegalArgumentException("unknown mode " + args[0] + " (json, adobe-csv)");
      }
    }
  }
}
