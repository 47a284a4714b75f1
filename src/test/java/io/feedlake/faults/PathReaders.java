package io.feedlake.faults;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Row counts per date as readers that go by path see them, not through the catalog: DuckDB's
 * {@code read_parquet('<table>/**&#47;*.parquet', hive_partitioning = true)} (its {@code **} also
 * descends into {@code _} and {@code .} directories) and {@code spark.read.parquet(<table>)}
 * (Hadoop's listing, which skips them).
 */
final class PathReaders {
  private PathReaders() {}

  /** Rows per {@code date} value under a table directory, read by DuckDB. */
  static SortedMap<String, Long> duckDb(Path tableDir) throws SQLException {
    SortedMap<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT CAST(\"date\" AS VARCHAR), count(*) FROM read_parquet('" + tableDir
            + "/**/*.parquet', hive_partitioning = true) GROUP BY 1 ORDER BY 1")) {
      while (r.next()) {
        out.put(r.getString(1), r.getLong(2));
      }
    }
    return out;
  }

  /** Rows per {@code date} value under a table directory, read by {@code spark.read.parquet}. */
  static SortedMap<String, Long> spark(SparkSession spark, Path tableDir) {
    SortedMap<String, Long> out = new TreeMap<>();
    for (Row r : spark.read().parquet(tableDir.toString()).groupBy("date").count().collectAsList()) {
      out.put(String.valueOf(r.get(0)), r.getLong(1));
    }
    return out;
  }
}
