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
    PrintWriter err = spec.commandLine().getErr();
    String callerRunId = recordsOutcome() ? common.runId : null;
    if (callerRunId != null && !RunOutcomes.isValidId(callerRunId)) {
      err.println("feedlake " + spec.name() + ": error (exit 2): --run-id: '" + callerRunId + "' is not a run id ("
          + RunOutcomes.ID_RULE + ")");
      err.flush();
      return ExitCode.USAGE.code();
    }
    RunSummary summary = new RunSummary(spec.name(), callerRunId == null ? newRunId() : newRunId(callerRunId));
    try {
      execute(summary);
    } catch (Exception | OutOfMemoryError e) {
      // An OutOfMemoryError on the driver still ends with the error line and the summary (exit 1):
      // the failed work's memory is unreachable by now, enough to report it.
      closeCatalog(summary);
      // Spark rethrows executor failures as (checked) SparkException wrapping the real cause.
      FeedlakeException known = Failures.classify(e);
      summary.fail(known.exitCode(), known.getMessage());
      err.println("feedlake " + spec.name() + ": error (exit " + known.exitCode().code() + "): " + known.getMessage());
      if (known.exitCode() == ExitCode.INTERNAL && !Failures.outOfMemory(e)) {
        e.printStackTrace(err);
      }
    }
    closeCatalog(summary);
    if (callerRunId != null) {
      recordOutcome(callerRunId, summary, err);
    }
    if (common.json) {
      spec.commandLine().getOut().println(summary.toJson());
    }
    err.flush();
    spec.commandLine().getOut().flush();
    return summary.exitCode().code();
  }

  /**
   * Whether a {@code --run-id} names this command's own run, whose outcome is then recorded (true);
   * {@code outcome} overrides it, its {@code --run-id} names the run to look up.
   */
  boolean recordsOutcome() {
    return true;
  }

  /**
   * The job or, for commands without {@code --job}, the command name: the key under which a run's
   * outcome is recorded.
   */
  private String outcomeKey() {
    var parsed = spec.commandLine().getParseResult();
    String job = parsed == null ? null : parsed.matchedOptionValue("--job", (String) null);
    return job != null ? job : spec.name();
  }

  /**
   * Writes the outcome record of a caller-named run. Needs the lake root, so nothing is recorded
   * when the configuration itself could not be loaded; that is said on stderr.
   */
  private void recordOutcome(String callerRunId, RunSummary summary, PrintWriter err) {
    Settings settings;
    try {
      settings = config().settings();
    } catch (RuntimeException e) {
      err.println("feedlake " + spec.name() + ": outcome of run " + callerRunId
          + " not recorded: the configuration (and so the lake root) could not be loaded");
      return;
    }
    String key = outcomeKey();
    try {
      String where = RunOutcomes.write(hadoopConf(settings, spec.name()), settings.lakeRoot(), key, callerRunId,
          summary.toJson());
      note("outcome of run " + callerRunId + " (" + key + ", exit " + summary.exitCode().code() + ") recorded at " + where);
    } catch (java.io.IOException | RuntimeException e) {
      err.println("feedlake " + spec.name() + ": outcome of run " + callerRunId + " could not be recorded under "
          + settings.lakeRoot() + ": " + e.getMessage());
    }
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
      Path confFile = common.confFile == null ? null : ConfFiles.local(common.confFile);
      loader = ConfigLoader.load(home(), confFile, all);
      // jobs.dir and the report directories given as Hadoop URIs are read from local copies.
      Map<String, String> localDirs = ConfFiles.localDirectories(loader);
      if (!localDirs.isEmpty()) {
        all.putAll(localDirs);
        loader = ConfigLoader.load(home(), confFile, all);
      }
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
    return newRunId(UUID.randomUUID().toString().substring(0, 6));
  }

  /**
   * A run id: the UTC start time (so run directories sort in start order and vacuum recognises
   * them), a dash, then the caller's id or a random suffix.
   */
  static String newRunId(String suffix) {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC))
        + "-" + suffix;
  }
}
