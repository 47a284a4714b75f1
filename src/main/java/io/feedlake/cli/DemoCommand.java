package io.feedlake.cli;

import io.feedlake.FeedlakeException;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec;
import io.feedlake.config.Settings;
import io.feedlake.ingest.IngestRunner;
import io.feedlake.ledger.DateResult;
import io.feedlake.report.ReportOutput;
import io.feedlake.report.ReportResult;
import io.feedlake.report.ReportRunner;
import io.feedlake.config.ReportSpec;
import io.feedlake.config.ReportSpecs;
import io.feedlake.source.FeedSource;
import io.feedlake.source.Sources;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code feedlake demo}: every sample job for every sample date, then every sample report. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on the bundled samples: ingest every job in jobs/ for every dump",
      "date found under its source path, register the partitions, run every report in",
      "jobs/reports (per date for reports using :date, over the whole range for :from/:to),",
      "and print a summary and the report tables. Re-running gives the same rows."
    })
final class DemoCommand extends FeedlakeCommand {
  @Option(names = "--lake", paramLabel = "DIR", description = "Lake root (default: ./lake, or lake.root from the config).")
  Path lake;

  @Override
  void execute(RunSummary summary) {
    long start = System.nanoTime();
    ConfigLoader loader =
        config(lake == null ? Map.of() : Map.of("lake.root", lake.toAbsolutePath().toString()));
    Settings settings = loader.settings();
    List<String> jobs = loader.jobNames();
    if (jobs.isEmpty()) {
      throw FeedlakeException.usage("No jobs in " + settings.jobsDir());
    }
    List<JobSpec> specs = jobs.stream().map(loader::job).toList();
    List<FeedSource> sources = specs.stream().map(Sources::create).toList();
    say("feedlake demo: lake " + settings.lakeRoot() + ", jobs " + jobs);
    var spark = spark(settings, "demo");
    var catalog = catalog(settings, "demo");
    TreeSet<LocalDate> allDates = new TreeSet<>();
    List<String> lines = new ArrayList<>();
    long lineCount = 0;
    for (int i = 0; i < specs.size(); i++) {
      JobSpec spec = specs.get(i);
      IngestRunner runner = new IngestRunner(spark, loader.jobSettings(spec.name()), spec, sources.get(i), catalog);
      List<LocalDate> dates = runner.availableDates();
      if (dates.isEmpty()) {
        say("  " + spec.name() + ": no dump dates found under its source path; skipped");
      }
      for (LocalDate d : dates) {
        DateResult r = runner.run(d, IngestRunner.dateRunId(summary.runId(), d, dates.size()));
        summary.addDate(r);
        allDates.add(d);
        lineCount += r.counts().linesRead();
        String line = Tables.dateLine(spec.table().qualified(), r);
        lines.add(line + "  " + Tables.reasons(r));
        say(line);
      }
    }
    double ingestSeconds = (System.nanoTime() - start) / 1e9;
    say("");
    say("Ingest summary");
    say(Tables.dateHeader());
    lines.forEach(this::say);
    for (JobSpec spec : specs) {
      say("partitions of " + spec.table().qualified() + ": " + catalog.partitions(spec.table()));
    }
    say("");
    for (String view : ViewsCommand.apply(spark, settings)) {
      say("view " + view + " applied");
    }
    ReportRunner reports = new ReportRunner(spark, settings.report());
    int reportRuns = 0;
    if (!allDates.isEmpty()) {
      for (String name : ReportSpecs.names(settings.report().dir())) {
        ReportSpec spec = reports.spec(name);
        boolean perDate = spec.params().stream().anyMatch(p -> p.name().equals("date"));
        List<Map<String, String>> runs = new ArrayList<>();
        if (perDate) {
          allDates.forEach(d -> runs.add(Map.of("date", d.toString())));
        } else {
          Map<String, String> range = new java.util.LinkedHashMap<>();
          spec.params().stream().filter(p -> p.name().equals("from")).forEach(p -> range.put("from", allDates.first().toString()));
          spec.params().stream().filter(p -> p.name().equals("to")).forEach(p -> range.put("to", allDates.last().toString()));
          runs.add(range);
        }
        for (Map<String, String> given : runs) {
          ReportResult r = reports.run(reports.prepare(spec, given), java.util.Set.of(), this::note);
          reportRuns++;
          say("Report " + name + " " + r.parameters() + String.format(
              "  (%d partition(s), %d file(s), %,d bytes of files, %,d bytes read from storage, %.2f s)",
              r.scan().partitions(), r.scan().files(), r.scan().bytes(), r.bytesReadFromStorage(), r.seconds()));
          say(ReportOutput.render(r, ReportOutput.Format.TABLE));
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    say(String.format("demo: %d job(s), %d date(s), %d lines ingested in %.1f s (%.0f lines/s), %d report run(s), %.1f s in all",
        specs.size(), summary.dates().size(), lineCount, ingestSeconds, lineCount / Math.max(ingestSeconds, 1e-9),
        reportRuns, seconds));
    summary.put("lake", settings.lakeRoot());
    summary.put("report_runs", reportRuns);
  }
}
