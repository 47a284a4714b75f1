package io.feedlake.cli;

import io.feedlake.config.ReportSpec;
import io.feedlake.config.ReportSpecs;
import io.feedlake.config.Settings;
import io.feedlake.report.ParameterBinder;
import io.feedlake.report.ReportRunner;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code feedlake report}: run, explain or list the SQL reports of jobs/reports. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    subcommands = {ReportCommand.ListReports.class, ReportCommand.Explain.class},
    description = {
      "Run jobs/reports/<NAME>.sql against the lake's catalog.",
      "Parameters are declared in <NAME>.conf (date, string with an allowed set, int; defaults) or, without",
      "one, are the :date/:from/:to markers. Values are validated, then bound through Spark's",
      "parameterized SQL, never spliced into the text. Every run first explains its scan (partitions,",
      "files, bytes, columns, cost at $5/TB with a 10 MB minimum) and refuses a query without a `date`",
      "predicate or over the scan limit (exit 3) unless overridden. Figures go to stderr."
    })
final class ReportCommand extends FeedlakeCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Report name (jobs/reports/<NAME>.sql).")
  String name;

  @Mixin ParamOptions params;

  @Mixin QueryOptions query;

  @Override
  void execute(RunSummary summary) {
    if (name == null) {
      throw io.feedlake.FeedlakeException.usage(
          "Give a report name (see 'feedlake report list'), or a subcommand: list, explain");
    }
    summary.put("report", name);
    Planned planned = plan(this, name, params, "report " + name);
    ReportRunner.Prepared p = planned.prepared();
    note(QueryOptions.explain(p.estimate(), p.limitBytes(), p.limitSource()));
    notes(this, p, summary);
    query.emit(this, planned.runner(), planned.runner().run(p, query.overrides(), this::note),
        planned.spec().defaultFormat(), summary);
  }

  /** Says on stderr, and in the summary, what the table lacks for this report (see its notes column). */
  private static void notes(FeedlakeCommand command, ReportRunner.Prepared p, RunSummary summary) {
    for (String n : p.notes()) {
      command.note("note: " + n);
    }
    if (!p.notes().isEmpty()) {
      summary.put("notes", p.notes());
    }
  }

  /** A report loaded, its parameter values validated and bound, and its scan estimated; not run. */
  private record Planned(ReportSpec spec, ReportRunner runner, ReportRunner.Prepared prepared) {}

  /**
   * Loads a report, validates its parameter values (before a Spark session is started, so that a
   * bad value exits 2 at once; the runner binds them again) and prepares its query.
   */
  private static Planned plan(FeedlakeCommand command, String name, ParamOptions params, String appSuffix) {
    Settings settings = command.config().settings();
    ReportSpec spec = ReportSpecs.load(settings.report().dir(), name, io.feedlake.report.SqlParameters::markers);
    Map<String, String> given = params.givenFor(spec);
    Map<String, Object> bound = ParameterBinder.bind(spec, given);
    GlueReportTables.load(command, settings, command.spark(settings, appSuffix), spec.sql(), bound, appSuffix);
    ReportRunner runner = new ReportRunner(command.spark(settings, appSuffix), settings.report());
    return new Planned(spec, runner, runner.prepare(spec, given));
  }

  /** Parameter values: --date/--from/--to and generic --param name=value. */
  static final class ParamOptions {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Value of :date (also of :from and :to when the report has them).")
    LocalDate date;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "Value of :from.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Value of :to.")
    LocalDate to;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Value of any other parameter, e.g. --param country=US. Repeatable.")
    Map<String, String> other = new LinkedHashMap<>();

    Map<String, String> given() {
      Map<String, String> g = new LinkedHashMap<>(other);
      if (date != null) {
        g.put("date", date.toString());
      }
      if (from != null) {
        g.put("from", from.toString());
      }
      if (to != null) {
        g.put("to", to.toString());
      }
      return g;
    }

    /** {@code --date D} also fills :from and :to for reports that take a range. */
    Map<String, String> givenFor(ReportSpec spec) {
      Map<String, String> g = given();
      boolean hasDate = spec.params().stream().anyMatch(p -> p.name().equals("date"));
      if (date != null && !hasDate) {
        g.remove("date");
        g.putIfAbsent("from", date.toString());
        g.putIfAbsent("to", date.toString());
      }
      return g;
    }
  }

  /** {@code report list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the reports with their descriptions and parameters.")
  static final class ListReports extends FeedlakeCommand {
    @Override
    void execute(RunSummary summary) {
      Settings settings = config().settings();
      int n = 0;
      for (String r : ReportSpecs.names(settings.report().dir())) {
        ReportSpec spec = ReportSpecs.load(settings.report().dir(), r, io.feedlake.report.SqlParameters::markers);
        say(r + (spec.description().isEmpty() ? "" : ": " + spec.description()));
        for (ReportSpec.Param p : spec.params()) {
          say("    :" + p.name() + "  " + ParameterBinder.describe(p) + (p.description().isEmpty() ? "" : "  " + p.description()));
        }
        n++;
      }
      summary.put("reports", n);
    }
  }

  /** {@code report explain}. */
  @Command(name = "explain", mixinStandardHelpOptions = true,
      description = {"Show what a report would scan (tables, partitions after pruning, files, bytes, columns, cost)",
          "and whether the guardrails would let it run, without running it."})
  static final class Explain extends FeedlakeCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Report name.")
    String name;

    @Mixin ParamOptions params;

    @Override
    void execute(RunSummary summary) {
      summary.put("report", name);
      Settings settings = config().settings();
      ReportRunner.Prepared p = plan(this, name, params, "report explain " + name).prepared();
      say(QueryOptions.explain(p.estimate(), p.limitBytes(), p.limitSource()));
      notes(this, p, summary);
      summary.put("parameters", p.parameters());
      summary.put("estimated_partitions", p.estimate().partitions());
      summary.put("estimated_files", p.estimate().files());
      summary.put("estimated_bytes", p.estimate().bytes());
      summary.put("estimated_cost_usd", io.feedlake.report.ScanEstimate.costUsd(p.estimate().bytes()));
      io.feedlake.report.Guardrails.check(p.estimate(), p.limitBytes(), p.limitSource(),
          settings.report().partitionFilter(), java.util.Set.of(), this::say);
      say("guardrails: ok");
    }
  }
}
