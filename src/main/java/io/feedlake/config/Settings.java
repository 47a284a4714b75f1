package io.feedlake.config;

import java.time.Duration;
import java.util.List;
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
 * @param publish how a date is made visible to readers
 */
public record Settings(
    String home,
    String lakeRoot,
    String jobsDir,
    CatalogSettings catalog,
    SparkSettings spark,
    ReportSettings report,
    PublishSettings publish) {

  /** Catalog backends. */
  public enum CatalogType {
    /** Spark's Hive-compatible session catalog on an embedded Derby metastore under the lake. */
    EMBEDDED,
    /**
     * Spark's Hive session catalog on the metastore of {@code catalog.hive.metastore-uris} (a
     * remote Hive metastore over thrift), or, when that is empty, on whatever the cluster's
     * hive-site.xml configures (on EMR, the AWS Glue Data Catalog client).
     */
    HIVE,
    /** AWS Glue Data Catalog directly through the AWS SDK for Java v2, without a metastore. */
    GLUE
  }

  /**
   * @param type backend
   * @param defaultDatabase database used when a job does not name one
   * @param embeddedDir local directory of the embedded Derby metastore and warehouse (also the
   *     local mirror used for reports with {@code glue})
   * @param hiveMetastoreUris thrift URIs of the remote metastore ({@code hive} only), comma
   *     separated; empty means the cluster's own Hive configuration
   * @param glue AWS Glue settings ({@code glue} only)
   * @param retention how many recent partitions the catalog exposes (per table)
   */
  public record CatalogSettings(
      CatalogType type,
      String defaultDatabase,
      String embeddedDir,
      String hiveMetastoreUris,
      GlueSettings glue,
      RetentionSettings retention) {}

  /**
   * AWS Glue Data Catalog access.
   *
   * @param region AWS region of the catalog; empty means the SDK's default region chain
   * @param endpoint Glue endpoint URI override (e.g. a VPC endpoint); empty means the region's
   * @param catalogId the AWS account id owning the catalog (cross-account); empty means the
   *     caller's account
   * @param assumeRoles IAM role ARNs assumed in order through STS, each with the credentials of
   *     the previous one (the first with the default credentials chain); empty means none
   * @param stsEndpoint STS endpoint URI override; empty means the region's
   * @param maxAttempts attempts per Glue call, and per partition entry that failed with a
   *     retryable error, including the first
   * @param baseDelay first retry delay; it doubles per attempt, with jitter
   * @param maxBackoff longest delay between two attempts
   * @param mirrorEmbedded also register everything in the embedded session catalog so that Spark
   *     reports run locally
   */
  public record GlueSettings(
      String region,
      String endpoint,
      String catalogId,
      List<String> assumeRoles,
      String stsEndpoint,
      int maxAttempts,
      Duration baseDelay,
      Duration maxBackoff,
      boolean mirrorEmbedded) {
    public GlueSettings {
      assumeRoles = List.copyOf(assumeRoles);
    }
  }

  /**
   * How many recent partitions the catalog exposes; older data stays on storage. At most one of
   * the two is positive; both 0 means every partition is exposed.
   *
   * @param days expose the last N days, counted back from the newest date on storage
   * @param months expose the last N calendar months, the newest date's month included
   */
  public record RetentionSettings(int days, int months) {
    /** Whether a window is configured. */
    public boolean limited() {
      return days > 0 || months > 0;
    }
  }

  /** How a date's new data replaces the old for readers. */
  public enum PublishMode {
    /**
     * Write {@code date=D/run=<run id>/}, verify it, then point the partition at it in one
     * catalog call; superseded runs are kept for rollback until vacuumed.
     */
    SWAP,
    /** Replace {@code date=D/} in place (dynamic partition overwrite), the classic layout. */
    OVERWRITE
  }

  /** What happens to late events (event date before the date being ingested). */
  public enum LateEvents {
    /** They stay in the quarantine table with reason {@code late_event}, for a later merge. */
    QUARANTINE,
    /**
     * They also go into their own date: a new run of that date holding its current rows plus the
     * late ones, deduplicated on the job's dedupe key, is published like any run (swap only).
     */
    MERGE
  }

  /**
   * @param mode publish protocol of the beta table (the quarantine table always overwrites)
   * @param lateEvents whether late events are merged into their own dates
   * @param lockLease how long a (table, date) write lock is valid without being released
   *     ({@code publish.lock.lease}); an older lease may be taken over by another run
   */
  public record PublishSettings(PublishMode mode, LateEvents lateEvents, Duration lockLease) {
    /** The default lease of {@code publish.lock.lease} (reference.conf). */
    public static final Duration DEFAULT_LOCK_LEASE = Duration.ofHours(2);

    /** Settings with the default lock lease. */
    public PublishSettings(PublishMode mode, LateEvents lateEvents) {
      this(mode, lateEvents, DEFAULT_LOCK_LEASE);
    }
  }

  /**
   * @param master Spark master used when none is given by spark-submit (e.g. {@code local[*]})
   * @param appName Spark application name prefix
   * @param conf extra Spark configuration, applied last (may override feedlake's defaults)
   */
  public record SparkSettings(String master, String appName, Map<String, String> conf) {
    public SparkSettings {
      conf = JobSpec.ordered(conf);
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
