package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.feedlake.config.Settings.CatalogSettings;
import io.feedlake.config.Settings.CatalogType;
import io.feedlake.config.Settings.ReportSettings;
import io.feedlake.config.Settings.SparkSettings;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The application-wide settings ({@link Settings}): {@code lake.*}, {@code jobs.dir}, {@code catalog.*},
 * {@code spark.*}, {@code report.*} and {@code publish.*}.
 */
final class SettingsSection {
  /** Upper bound of report.max-rows: results are collected on the driver. */
  static final long MAX_REPORT_ROWS = 10_000_000L;

  /** The Spark SQL session time zone setting, which must stay UTC. */
  static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";

  private SettingsSection() {}

  /**
   * Validates the settings of a resolved config.
   *
   * @param home the installation directory
   * @param order the written order of the config's layers (for {@code spark.conf})
   */
  static Settings read(Config c, Problems p, String home, WrittenOrder order) {
    String lakeRoot = ConfigKeys.absolute(p.string(c, "lake.root", "a directory or URI"));
    String jobsDir = ConfigKeys.absolute(p.string(c, "jobs.dir", "a directory"));
    CatalogType type =
        p.enumValue(c, "catalog.type", CatalogType.class, "embedded, hive, glue", CatalogType.EMBEDDED);
    String db = p.string(c, "catalog.default-database", "a database name");
    p.identifier("catalog.default-database", db);
    String embeddedDir = ConfigKeys.absolute(p.string(c, "catalog.embedded.dir", "a local directory"));
    // Glue's local mirror is an embedded metastore too; the flag is validated (and reported) by glue().
    Settings.GlueSettings glue = glue(c, p);
    boolean mirror = type == CatalogType.GLUE && glue.mirrorEmbedded();
    if ((type == CatalogType.EMBEDDED || mirror) && embeddedDir != null && ConfigKeys.hasScheme(embeddedDir)
        && !embeddedDir.startsWith("file:")) {
      p.add(
          "catalog.embedded.dir: the embedded Derby metastore needs a local directory (got "
              + embeddedDir + "); set catalog.embedded.dir to a local path");
    }
    String master = p.string(c, "spark.master", "a Spark master URL such as local[*]");
    String appName = p.string(c, "spark.app-name", "a name");
    Map<String, String> sparkConf = new LinkedHashMap<>();
    ConfigObject sparkObject = p.object(c, "spark.conf", "an object of Spark settings such as { \"spark.ui.enabled\" = \"false\" }");
    if (sparkObject != null) {
      for (Map.Entry<String, ConfigValue> e : order.entries(sparkObject)) {
        ConfigValue v = e.getValue();
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
            || v.valueType() == ConfigValueType.NULL) {
          p.add("spark.conf.\"" + e.getKey() + "\": expected a Spark setting's value (quote keys with dots, "
              + "e.g. \"spark.ui.enabled\" = \"false\"), got " + v.render(ConfigRenderOptions.concise()));
        } else {
          sparkConf.put(e.getKey(), String.valueOf(v.unwrapped()));
        }
      }
    }
    String sessionZone = sparkConf.get(SESSION_TIME_ZONE);
    if (sessionZone != null && !isUtc(sessionZone)) {
      p.add("spark.conf.\"" + SESSION_TIME_ZONE + "\": '" + sessionZone + "' is not UTC; feedlake needs a UTC "
          + "session time zone (event times, casts and partition dates are computed in UTC and then in "
          + "conform.event-time.zone); remove the setting or set it to UTC");
    }
    String reportDir = ConfigKeys.absolute(p.string(c, "report.dir", "a directory"));
    long maxRowsValue = p.positiveLong(c, "report.max-rows", "a positive row count");
    if (maxRowsValue > MAX_REPORT_ROWS) {
      p.add("report.max-rows: " + maxRowsValue + " is more rows than the driver should collect (expected at most "
          + MAX_REPORT_ROWS + "; write large results with Spark instead)");
    }
    int maxRows = (int) Math.min(maxRowsValue, MAX_REPORT_ROWS);
    long maxScan = p.bytes(c, "report.max-scan-bytes");
    Settings.PartitionFilterPolicy filterPolicy =
        p.enumValue(c, "report.partition-filter", Settings.PartitionFilterPolicy.class, "refuse, warn, off",
            Settings.PartitionFilterPolicy.REFUSE);
    String viewsDir = ConfigKeys.absolute(p.string(c, "report.views-dir", "a directory"));
    String viewsDb = p.string(c, "report.views-database", "a database name");
    if (viewsDb != null && viewsDb.isEmpty()) {
      viewsDb = db;
    }
    p.identifier("report.views-database", viewsDb);
    return new Settings(
        home,
        lakeRoot,
        jobsDir,
        new CatalogSettings(type, db, embeddedDir, p.string(c, "catalog.hive.metastore-uris", "thrift URIs"),
            glue, retention(c, p)),
        new SparkSettings(master, appName, sparkConf),
        new ReportSettings(reportDir, maxRows, maxScan, filterPolicy, viewsDir, viewsDb),
        publish(c, p));
  }

  /** Whether a Spark session time zone id means UTC (UTC, Etc/UTC, GMT, Z, +00:00, ...). */
  static boolean isUtc(String zone) {
    try {
      return ZoneId.of(zone.trim()).normalized().equals(java.time.ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return false;
    }
  }

  static boolean isZeroDuration(Config c, String key) {
    try {
      return c.getDuration(key).isZero();
    } catch (com.typesafe.config.ConfigException e) {
      return false;
    }
  }

  static Settings.PublishSettings publish(Config c, Problems p) {
    Settings.PublishMode mode =
        p.enumValue(c, "publish.mode", Settings.PublishMode.class, "swap, overwrite", Settings.PublishMode.SWAP);
    Settings.LateEvents late = p.enumValue(c, "publish.late-events", Settings.LateEvents.class, "quarantine, merge",
        Settings.LateEvents.QUARANTINE);
    if (late == Settings.LateEvents.MERGE && mode != Settings.PublishMode.SWAP) {
      p.add("publish.late-events: merge needs publish.mode = swap (a merged date is published as a new run;"
          + " got publish.mode = " + mode.name().toLowerCase(Locale.ROOT) + ")");
    }
    // publish.lock.* (reliability: one writer per table and date)
    java.time.Duration lease = p.duration(c, "publish.lock.lease");
    if (lease.isZero() && c.hasPath("publish.lock.lease") && isZeroDuration(c, "publish.lock.lease")) {
      p.add("publish.lock.lease: expected a positive duration such as 2h (a run's lock on its dates), got "
          + c.getValue("publish.lock.lease").render());
    }
    return new Settings.PublishSettings(mode, late, lease);
  }

  static Settings.GlueSettings glue(Config c, Problems p) {
    String endpoint = p.string(c, "catalog.glue.endpoint", "a URI such as https://glue.eu-west-1.amazonaws.com");
    String stsEndpoint = p.string(c, "catalog.glue.sts-endpoint", "a URI such as https://sts.eu-west-1.amazonaws.com");
    for (String[] e : new String[][] {{"catalog.glue.endpoint", endpoint}, {"catalog.glue.sts-endpoint", stsEndpoint}}) {
      if (e[1] != null && !e[1].isEmpty() && !e[1].matches("https?://[^\\s/]+(/.*)?")) {
        p.add(e[0] + ": '" + e[1] + "' is not an http(s) endpoint URI (expected e.g. https://glue.eu-west-1.amazonaws.com)");
      }
    }
    String catalogId = p.string(c, "catalog.glue.catalog-id", "a 12-digit AWS account id");
    if (catalogId != null && !catalogId.isEmpty() && !catalogId.matches("[0-9]{12}")) {
      p.add("catalog.glue.catalog-id: '" + catalogId + "' is not an AWS account id (expected 12 digits, or empty for the caller's account)");
    }
    List<String> roles = p.stringList(c, "catalog.glue.assume-roles", "a list of IAM role ARNs");
    for (String role : roles == null ? List.<String>of() : roles) {
      if (!role.matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/.+")) {
        p.add("catalog.glue.assume-roles: '" + role + "' is not an IAM role ARN (expected arn:aws:iam::<account>:role/<name>)");
      }
    }
    long attempts = p.positiveLong(c, "catalog.glue.retry.max-attempts", "a positive number of attempts");
    Duration base = p.duration(c, "catalog.glue.retry.base-delay");
    Duration max = p.duration(c, "catalog.glue.retry.max-backoff");
    boolean mirror = p.bool(c, "catalog.glue.mirror-embedded");
    return new Settings.GlueSettings(p.string(c, "catalog.glue.region", "an AWS region such as eu-west-1"),
        endpoint, catalogId, roles == null ? List.of() : roles, stsEndpoint, (int) Math.min(attempts, 100), base, max,
        mirror);
  }

  static Settings.RetentionSettings retention(Config c, Problems p) {
    long days = p.nonNegativeLong(c, "catalog.retention.days", "a number of days (0 for no limit)");
    long months = p.nonNegativeLong(c, "catalog.retention.months", "a number of months (0 for no limit)");
    if (days > 0 && months > 0) {
      p.add("catalog.retention: both days (" + days + ") and months (" + months + ") are set (expected at most one)");
    }
    return new Settings.RetentionSettings((int) Math.min(days, 100_000), (int) Math.min(months, 10_000));
  }
}
