package io.feedlake.cli;

import java.util.Map;

import io.feedlake.FeedlakeException;
import io.feedlake.config.Settings;
import io.feedlake.report.ReportRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code feedlake sql}: an ad hoc query with the same explain, guardrails and outputs as reports. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run an ad hoc Spark SQL query against the lake's catalog (beta tables, quarantine tables, views),",
      "with the same scan explanation, guardrails and output formats as reports, e.g.",
      "  feedlake sql \"SELECT reason, count(*) FROM beta.vsco_events_quarantine WHERE date = '2024-03-01' GROUP BY reason\""
    })
final class SqlCommand extends FeedlakeCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "The query (or use --file).")
  String text;

  @Option(names = "--file", paramLabel = "FILE", description = "Read the query from FILE.")
  Path file;

  @Option(names = "--explain", description = "Only explain what the query would scan; do not run it.")
  boolean explainOnly;

  @Mixin QueryOptions query;

  @Override
  void execute(RunSummary summary) {
    if ((text == null) == (file == null)) {
      throw FeedlakeException.usage("Give the query as an argument or with --file (exactly one)");
    }
    String sql = text;
    if (file != null) {
      try {
        sql = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw FeedlakeException.usage("Cannot read " + file + ": " + e.getMessage());
      }
    }
    Settings settings = config().settings();
    GlueReportTables.load(this, settings, spark(settings, "sql"), sql, Map.of(), "sql");
    ReportRunner runner = new ReportRunner(spark(settings, "sql"), settings.report());
    ReportRunner.Prepared p = runner.prepareAdHoc(sql);
    String explanation = QueryOptions.explain(p.estimate(), p.limitBytes(), p.limitSource());
    if (explainOnly) {
      say(explanation);
      summary.put("estimated_bytes", p.estimate().bytes());
      return;
    }
    note(explanation);
    query.emit(this, runner, runner.run(p, query.overrides(), this::note), null, summary);
  }
}
