package io.feedlake.cli;

import io.feedlake.FeedlakeException;
import io.feedlake.config.Settings;
import io.feedlake.report.ReportOutput;
import io.feedlake.report.ReportResult;
import io.feedlake.report.ReportRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code feedlake report}: run a SQL report from the report directory against the catalog. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Run jobs/reports/<NAME>.sql against the lake's catalog.",
      "Parameters are the :name markers the SQL uses (:date, :from, :to); they are validated",
      "as dates and bound through Spark's parameterized SQL, never spliced into the text.",
      "--date D also sets :from and :to to D. Prints the rows, then rows returned, partitions",
      "read and bytes of files read (from the scan metrics)."
    })
final class ReportCommand extends FeedlakeCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Report name (jobs/reports/<NAME>.sql).")
  String name;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Value of :date (and of :from and :to).")
  LocalDate date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "Value of :from.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Value of :to.")
  LocalDate to;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the rows to FILE instead of stdout.")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "table, csv or json (JSON lines). Default: table on stdout; with --out, from the file extension, else csv.")
  ReportOutput.Format format;

  @Override
  void execute(RunSummary summary) {
    Settings settings = config().settings();
    Map<String, Object> params = parameters();
    summary.put("report", name);
    var spark = spark(settings, "report " + name);
    ReportResult result =
        new ReportRunner(spark, settings.report().dir(), settings.report().maxRows()).run(name, params);
    summary.put("parameters", result.parameters());
    summary.put("rows", result.rows().size());
    summary.put("partitions_read", result.scan().partitions());
    summary.put("files_read", result.scan().files());
    summary.put("bytes_read", result.scan().bytes());
    summary.put("query_seconds", Math.round(result.seconds() * 100) / 100.0);
    ReportOutput.Format f = effectiveFormat();
    String text = ReportOutput.render(result, f);
    if (out != null) {
      try {
        Files.writeString(out, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw FeedlakeException.usage("Cannot write report output " + out + ": " + e.getMessage());
      }
      summary.put("out", out.toAbsolutePath().toString());
      say("wrote " + result.rows().size() + " row(s) as " + f.name().toLowerCase(Locale.ROOT) + " to " + out);
    } else {
      say(text.stripTrailing());
    }
    say(String.format("report %s %s: %d row(s), %d partition(s), %d file(s), %d bytes of files read, %.2f s",
        name, result.parameters(), result.rows().size(), result.scan().partitions(),
        result.scan().files(), result.scan().bytes(), result.seconds()));
  }

  private Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    if (date != null) {
      p.put("date", date.toString());
      p.put("from", date.toString());
      p.put("to", date.toString());
    }
    if (from != null) {
      p.put("from", from.toString());
    }
    if (to != null) {
      p.put("to", to.toString());
    }
    if (from != null && to != null && to.isBefore(from)) {
      throw FeedlakeException.usage("--from " + from + " is after --to " + to);
    }
    return p;
  }

  private ReportOutput.Format effectiveFormat() {
    if (format != null) {
      return format;
    }
    if (out == null) {
      return ReportOutput.Format.TABLE;
    }
    String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".json") || n.endsWith(".jsonl")) {
      return ReportOutput.Format.JSON;
    }
    return n.endsWith(".txt") ? ReportOutput.Format.TABLE : ReportOutput.Format.CSV;
  }
}
