package io.feedlake.config;

import java.util.Map;

/**
 * Application-wide settings, validated from {@code conf/application.conf} over {@code
 * reference.conf}. Paths are absolute: local paths are resolved against the working directory,
 * URIs with a scheme ({@code s3a://}, {@code hdfs://}) are kept as given.
 *
 * @param home the feedlake installation directory (where {@code conf/} and {@code jobs/} live)
 * @param lakeRoot root of the lake; beta tables live under {@code <lakeRoot>/beta}
 * @param jobsDir directory holding {@code <job>.conf} files
 * @param catalog catalog backend settings
 * @param spark Spark session settings
 * @param report report runner settings
 */
public record Settings(
    String home,
    String lakeRoot,
    String jobsDir,
    CatalogSettings catalog,
    SparkSettings spark,
    ReportSettings report) {

  /** Catalog backends. Only the embedded Derby-backed Hive metastore exists in this build. */
  public enum CatalogType {
    /** Spark's Hive-compatible session catalog on an embedded Derby metastore under the lake. */
    EMBEDDED
  }

  /**
   * @param type backend
   * @param defaultDatabase database used when a job does not name one
   * @param embeddedDir local directory of the embedded Derby metastore and warehouse
   */
  public record CatalogSettings(CatalogType type, String defaultDatabase, String embeddedDir) {}

  /**
   * @param master Spark master used when none is given by spark-submit (e.g. {@code local[*]})
   * @param appName Spark application name prefix
   * @param conf extra Spark configuration, applied last (may override feedlake's defaults)
   */
  public record SparkSettings(String master, String appName, Map<String, String> conf) {
    public SparkSettings {
      conf = Map.copyOf(conf);
    }
  }

  /** What a query over a partitioned table without a predicate on the partition column gets. */
  public enum PartitionFilterPolicy {
    /** Refused (exit 3) unless {@code --allow-full-scan} is given. */
    REFUSE,
    /** Run, with a warning naming the table. */
    WARN,
    /** Not checked. */
    OFF
  }

  /**
   * @param dir directory of {@code <name>.sql} report files (and optional {@code <name>.conf})
   * @param maxRows the most rows a report may return to the driver before it is refused
   * @param maxScanBytes default scan limit of a query in bytes (a report may set its own)
   * @param partitionFilter what a query without a partition predicate gets
   * @param viewsDir directory of {@code <name>.sql} view definitions
   * @param viewsDatabase database the views are created in
   */
  public record ReportSettings(
      String dir, int maxRows, long maxScanBytes, PartitionFilterPolicy partitionFilter, String viewsDir,
      String viewsDatabase) {}
}
