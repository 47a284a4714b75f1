package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.catalog.CatalogFactory;
import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.Settings;
import io.feedlake.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every command: loads the configuration, runs the command, maps failures to exit codes,
 * and always emits the run summary (one JSON line on stdout with {@code --json}; errors go to
 * stderr). Subclasses implement {@link #execute}.
 */
abstract class FeedlakeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  private ConfigLoader loader;
  private SparkSession spark;
  private CatalogFactory.OpenCatalog catalog;

  /** Does the command's work, adding what it did to the summary. */
  abstract void execute(RunSummary summary);

  @Override
  public final Integer call() {
    RunSummary summary = new RunSummary(spec.name(), newRunId());
    PrintWriter err = spec.commandLine().getErr();
    try {
      execute(summary);
    } catch (Exception e) {
      closeCatalog(summary);
      // Spark rethrows executor failures as (checked) SparkException wrapping the real cause.
      FeedlakeException known = Failures.classify(e);
      summary.fail(known.exitCode(), known.getMessage());
      err.println("feedlake " + spec.name() + ": error (exit " + known.exitCode().code() + "): " + known.getMessage());
      if (known.exitCode() == ExitCode.INTERNAL) {
        e.printStackTrace(err);
      }
    }
    closeCatalog(summary);
    if (common.json) {
      spec.commandLine().getOut().println(summary.toJson());
    }
    err.flush();
    spec.commandLine().getOut().flush();
    return summary.exitCode().code();
  }

  /** Whether human-readable output goes to stdout (it does unless {@code --json}). */
  boolean human() {
    return !common.json;
  }

  /** Prints a line for people: stdout normally, stderr with {@code --json}. */
  void say(String text) {
    PrintWriter w = common.json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    w.println(text);
    w.flush();
  }

  /** Prints figures and remarks for people on stderr, so stdout can be piped. */
  void note(String text) {
    spec.commandLine().getErr().println(text);
    spec.commandLine().getErr().flush();
  }

  ConfigLoader config(Map<String, String> extraOverrides) {
    if (loader == null) {
      Map<String, String> all = new java.util.LinkedHashMap<>(common.overrides);
      all.putAll(extraOverrides);
      loader = ConfigLoader.load(home(), common.confFile, all);
    }
    return loader;
  }

  ConfigLoader config() {
    return config(Map.of());
  }

  SparkSession spark(Settings settings, String suffix) {
    if (spark == null) {
      spark = SparkSessions.getOrCreate(settings, suffix);
    }
    return spark;
  }

  /**
   * The configured catalog, opened once per command (starting Spark only when the catalog needs
   * it) and closed when the command ends.
   */
  PartitionCatalog catalog(Settings settings, String suffix) {
    if (catalog == null) {
      catalog = CatalogFactory.open(settings, () -> spark(settings, suffix));
    }
    return catalog.catalog();
  }

  /**
   * The Hadoop configuration reaching the lake: Spark's when a session runs or the catalog needs
   * one, otherwise one built from the {@code spark.hadoop.*} entries of {@code spark.conf}.
   */
  Configuration hadoopConf(Settings settings, String suffix) {
    if (spark != null || CatalogFactory.needsSpark(settings)) {
      return spark(settings, suffix).sparkContext().hadoopConfiguration();
    }
    return SparkSessions.hadoopConfiguration(settings);
  }

  /** Closes the catalog's clients, adding the Glue calls made to the summary. */
  private void closeCatalog(RunSummary summary) {
    if (catalog != null) {
      catalog.glueCalls().ifPresent(c -> summary.put("glue_calls", c.calls()));
      catalog.close();
      catalog = null;
    }
  }

  static Path home() {
    String home = System.getenv("FEEDLAKE_HOME");
    if (home == null || home.isBlank()) {
      home = System.getProperty("feedlake.home", ".");
    }
    return Paths.get(home).toAbsolutePath().normalize();
  }

  static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC))
        + "-" + UUID.randomUUID().toString().substring(0, 6);
  }
}
