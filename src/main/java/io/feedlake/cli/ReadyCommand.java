package io.feedlake.cli;

import io.feedlake.config.JobSpec;
import io.feedlake.config.Settings;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import io.feedlake.source.Sources;
import io.feedlake.spark.SparkSessions;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code feedlake ready}: whether a job's input of one date is complete, by the same rules {@code
 * ingest} applies before it reads: an Adobe delivery's manifest (and lookup archive), or a dump
 * source's {@code source.ready} rule ({@code any}, {@code marker}, {@code quiet-period}). It lists
 * the input through the Hadoop file system and reads no data file; Spark is not started.
 *
 * <p>Exits 0 when ready, 4 when not (the reason in one line on stderr), 3 when a delivery is there
 * but broken, 2 for a bad job file, 5 when storage cannot be listed. Made for an Airflow sensor.
 */
@Command(
    name = "ready",
    mixinStandardHelpOptions = true,
    description = {
      "Check that a job's input of a date is complete, as ingest would before reading it:",
      "Adobe: the delivery's manifest; dumps: source.ready = any | marker | quiet-period.",
      "Exit codes: 0 ready, 4 not ready (the reason on stderr), 3 broken delivery, 2 usage/config,",
      "5 transient."
    })
final class ReadyCommand extends FeedlakeCommand {
  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The date to check.")
  LocalDate date;

  @Override
  void execute(RunSummary summary) {
    summary.put("job", job);
    summary.put("date", date.toString());
    var loader = config();
    JobSpec spec = loader.job(job);
    Settings settings = loader.jobSettings(job);
    summary.put("table", spec.table().qualified());
    FeedSource source = Sources.create(spec);
    List<InputFile> files = source.list(SparkSessions.hadoopConfiguration(settings), date);
    long bytes = files.stream().mapToLong(InputFile::bytes).sum();
    summary.put("files", files.size());
    summary.put("bytes", bytes);
    say("ready: " + source.describe(date) + " (" + files.size() + " files, " + bytes + " bytes)");
  }
}
