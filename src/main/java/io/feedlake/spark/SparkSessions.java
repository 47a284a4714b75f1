package io.feedlake.spark;

import io.feedlake.config.ConfigException;
import io.feedlake.config.Settings;
import java.io.File;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a feedlake process uses, with the settings the lake depends on:
 * UTC session time zone (partition dates are derived explicitly in the job's zone), INT64
 * microsecond Parquet timestamps instead of Spark's INT96 default, snappy compression, and Spark's
 * Hive session catalog: on the embedded Derby metastore under
 * {@code catalog.embedded.dir} ({@code catalog.type = embedded}, and {@code glue}'s local
 * mirror), or on {@code catalog.hive.metastore-uris} ({@code hive}). When spark-submit already
 * set a master, it is kept; otherwise
 * {@code spark.master} from the config is used and the driver binds to loopback only.
 *
 * <p>Every setting feedlake applies is a default: a key that spark-submit already set ({@code --conf},
 * {@code --properties-file}, {@code spark-defaults.conf}, all of which reach the driver as {@code
 * spark.*} system properties and so the driver's {@link SparkConf}) keeps spark-submit's value
 * ({@link #unlessSubmitted}), and so does the application name given with {@code --name} ({@link
 * #appName}).
 */
public final class SparkSessions {
  private static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";
  private static final String APP_NAME = "spark.app.name";
  private static final String MAIN_CLASS = "io.feedlake.cli.Main";

  private SparkSessions() {}

  /**
   * The Spark settings feedlake applies before the user's {@code spark.conf} entries.
   *
   * @param settings validated application settings
   * @return Spark configuration keys and values, in the order they are applied
   */
  public static Map<String, String> defaults(Settings settings) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.session.timeZone", "UTC");
    conf.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    conf.put("spark.sql.parquet.compression.codec", "snappy");
    // Pattern casts return null for values that do not parse instead of raising upgrade errors.
    conf.put("spark.sql.legacy.timeParserPolicy", "CORRECTED");
    conf.put("spark.sql.catalogImplementation", "hive");
    String dir = settings.catalog().embeddedDir();
    conf.put("spark.sql.warehouse.dir", new File(dir, "warehouse").toURI().toString());
    if (settings.catalog().type() == Settings.CatalogType.HIVE) {
      // A remote metastore (or, with no URIs, the cluster's hive-site.xml, e.g. EMR's Glue client).
      if (!settings.catalog().hiveMetastoreUris().isEmpty()) {
        conf.put("spark.hadoop.hive.metastore.uris", settings.catalog().hiveMetastoreUris());
      }
      return conf;
    }
    conf.put(
        "spark.hadoop.javax.jdo.option.ConnectionURL",
        "jdbc:derby:;databaseName=" + new File(dir, "metastore_db").getPath() + ";create=true");
    conf.put("spark.hadoop.datanucleus.schema.autoCreateAll", "true");
    conf.put("spark.hadoop.hive.metastore.schema.verification", "false");
    return conf;
  }

  /**
   * A Hadoop configuration for commands that run without Spark: Hadoop's defaults plus every
   * {@code spark.hadoop.*} entry of {@code spark.conf} (the prefix removed), as Spark would set
   * them.
   */
  public static Configuration hadoopConfiguration(Settings settings) {
    Configuration conf = new Configuration();
    settings.spark().conf().forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        conf.set(k.substring("spark.hadoop.".length()), v);
      }
    });
    return conf;
  }

  /**
   * Returns the process's SparkSession, creating it on first use.
   *
   * @param settings validated application settings
   * @param appSuffix appended to {@code spark.app-name}, e.g. the command and job
   * @return a Hive-enabled session; runs on the driver
   */
  public static SparkSession getOrCreate(Settings settings, String appSuffix) {
    File catalogDir = new File(settings.catalog().embeddedDir());
    if (!catalogDir.isDirectory() && !catalogDir.mkdirs()) {
      throw new IllegalStateException("Cannot create catalog directory " + catalogDir);
    }
    // Derby writes derby.log into the working directory unless told otherwise.
    System.setProperty("derby.stream.error.file", new File(catalogDir, "derby.log").getPath());
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder =
        SparkSession.builder().appName(appName(conf, settings, appSuffix));
    if (!conf.contains("spark.master")) {
      builder.master(settings.spark().master());
      builder.config("spark.driver.host", "127.0.0.1");
      builder.config("spark.driver.bindAddress", "127.0.0.1");
    }
    requireUtcSession(conf);
    unlessSubmitted(conf, settings).forEach(builder::config);
    return builder.enableHiveSupport().getOrCreate();
  }

  /**
   * The application name: the one spark-submit was given ({@code --name}, or {@code --conf
   * spark.app.name}) when there is one, else {@code spark.app-name} followed by the command. Without
   * {@code --name}, spark-submit names the application after its main class ({@code
   * io.feedlake.cli.Main}, SparkSubmitArguments' default), which counts as no name given.
   *
   * @param submitted the driver's configuration as spark-submit set it
   * @param settings validated application settings
   * @param appSuffix appended to {@code spark.app-name}, e.g. the command and job
   * @return the name for the session builder
   */
  public static String appName(SparkConf submitted, Settings settings, String appSuffix) {
    String given = submitted.get(APP_NAME, "").trim();
    if (!given.isEmpty() && !given.equals(MAIN_CLASS)) {
      return given;
    }
    return settings.spark().appName() + " " + appSuffix;
  }

  /**
   * Refuses a session time zone other than UTC passed by spark-submit ({@code --conf
   * spark.sql.session.timeZone=...}): spark-submit's values win over feedlake's defaults, but event
   * times, casts and partition dates are computed in UTC, so this one setting is not negotiable.
   *
   * @param submitted the driver's configuration as spark-submit set it
   * @throws ConfigException (exit 2) naming the value when it is not UTC
   */
  public static void requireUtcSession(SparkConf submitted) {
    String zone = submitted.get(SESSION_TIME_ZONE, null);
    if (zone == null) {
      return;
    }
    boolean utc;
    try {
      utc = ZoneId.of(zone.trim()).normalized().equals(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      utc = false;
    }
    if (!utc) {
      throw new ConfigException(List.of("spark-submit --conf " + SESSION_TIME_ZONE + "=" + zone
          + ": feedlake needs a UTC session time zone (event times, casts and partition dates are computed in UTC "
          + "and then in conform.event-time.zone); drop the setting or pass UTC"));
    }
  }

  /**
   * The settings feedlake passes to the session builder: its {@link #defaults} overlaid by the
   * {@code spark.conf} entries of the configuration, without the keys the submitted configuration
   * already holds, so that what spark-submit passed wins (the equivalent of {@link
   * SparkConf#setIfMissing} for each key; the builder would otherwise override them).
   *
   * @param submitted the driver's configuration as spark-submit (or the JVM's {@code spark.*} system
   *     properties) set it
   * @param settings validated application settings
   * @return keys and values to apply, in order
   */
  public static Map<String, String> unlessSubmitted(SparkConf submitted, Settings settings) {
    Map<String, String> wanted = new LinkedHashMap<>(defaults(settings));
    wanted.putAll(settings.spark().conf());
    wanted.keySet().removeIf(submitted::contains);
    return wanted;
  }
}
