package io.feedlake.report;

import java.util.List;

/**
 * A report's result, collected on the driver.
 *
 * @param name report name
 * @param parameters the bound parameter values, by name
 * @param columns result column names
 * @param rows result rows, each value as Spark returned it (String, Long, BigDecimal, ...)
 * @param estimate what the query was expected to scan, before it ran
 * @param scan what the query's file scans read: partitions, files and bytes of those files
 * @param bytesReadFromStorage bytes the tasks actually read (after column pruning and row-group
 *     skipping)
 * @param seconds wall time of the query, in seconds
 * @param schema the result's Spark schema
 */
public record ReportResult(
    String name,
    java.util.Map<String, Object> parameters,
    List<String> columns,
    List<List<Object>> rows,
    ScanEstimate estimate,
    ScanMetrics scan,
    long bytesReadFromStorage,
    double seconds,
    org.apache.spark.sql.types.StructType schema) {

  public ReportResult {
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    columns = List.copyOf(columns);
    rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
  }
}
