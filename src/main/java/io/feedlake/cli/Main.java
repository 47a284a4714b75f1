package io.feedlake.cli;

import io.feedlake.ExitCode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code feedlake} command line. Started by {@code scripts/feedlake} (local Spark) or by
 * spark-submit with {@code --class io.feedlake.cli.Main}. Exit codes are those of {@link
 * ExitCode}.
 */
@Command(
    name = "feedlake",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {
      IngestCommand.class,
      ReadyCommand.class,
      CheckCommand.class,
      StatusCommand.class,
      BackfillCommand.class,
      ReportCommand.class,
      SqlCommand.class,
      ViewsCommand.class,
      DemoCommand.class,
      RegisterCommand.class,
      SyncCommand.class,
      RetentionCommand.class,
      RollbackCommand.class,
      VacuumCommand.class,
      DdlCommand.class,
      OutcomeCommand.class,
      CommandLine.HelpCommand.class
    },
    description = {
      "Raw event feeds (kcat JSON dumps) to a date-partitioned snappy Parquet lake,",
      "registered in a Hive/Glue-compatible catalog, with SQL reports over it.",
      "",
      "Configuration: conf/application.conf over reference.conf; jobs/<job>.conf per feed;",
      "every command takes --conf-file FILE, --set KEY=VALUE (repeatable), --run-id ID and --json.",
      "Exit codes: 0 ok, 2 usage or configuration, 3 data contract violated,",
      "4 input not ready (retry later), 5 transient infrastructure error, 6 data-quality check failed."
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing command: one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /**
   * Entry point. Stops the Spark session, then returns normally on success, so that spark-submit
   * (and in cluster mode YARN's ApplicationMaster or the standalone driver wrapper) sees a main
   * method that ended and reports the application as succeeded. A failure exits the JVM with the
   * command's exit code (2-6, or 1); in cluster mode only "failed" survives, so the caller reads the
   * code back with {@code feedlake outcome --run-id ID}.
   */
  public static void main(String[] args) {
    int code = run(args);
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    if (code != ExitCode.OK.code()) {
      System.exit(code);
    }
  }

  /** Runs a command line and returns its exit code without exiting (used by tests). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured picocli command line. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExitCodeExceptionMapper(e -> ExitCode.USAGE.code());
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("feedlake: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.USAGE.code();
        });
    return cl;
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"feedlake " + (v == null ? "(development build)" : v)};
    }
  }
}
