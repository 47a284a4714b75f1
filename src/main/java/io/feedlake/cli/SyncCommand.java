package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.catalog.Retention;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.publish.CatalogSync;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code feedlake sync}: bring the catalog in line with storage. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Compare a job's tables on storage with the catalog: register dates that are",
      "on storage but not in the catalog (from the retention window's start on),",
      "report partitions whose location no longer exists (--fix drops them from the",
      "catalog; data is never deleted) and orphans (entries under the table root",
      "that are not date=YYYY-MM-DD directories with a published run). Cost: one",
      "storage listing and one catalog listing, plus storage reads only for the",
      "dates that differ; --full also checks every registered location and",
      "reconciles each registered date's intent records (status publishing) with",
      "the catalog: an intent whose run the catalog serves is repaired to published.",
      "Exit codes: 0 ok, 2 usage/config, 5 catalog or storage failures."
    })
final class SyncCommand extends FeedlakeCommand {
  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @Option(names = "--fix", description = "Drop partitions whose location no longer exists from the catalog.")
  boolean fix;

  @Option(names = "--full", description = "Check that every registered location exists (one storage call per partition).")
  boolean full;

  @Override
  void execute(RunSummary summary) {
    JobTables t = JobTables.open(this, job, summary);
    Optional<String> exposeFrom = exposureStart(t);
    exposeFrom.ifPresent(d -> summary.put("expose_from", d));
    Map<String, Object> perTable = new LinkedHashMap<>();
    Map<String, String> failures = new TreeMap<>();
    for (TableName table : t.tables()) {
      CatalogSync.Report r = CatalogSync.run(t.catalog, table, t.storage(table), exposeFrom, fix, full);
      if (full) {
        s0(perTable, table).put("intents_repaired", reconcileIntents(t, table));
      }
      r.failed().forEach((d, why) -> failures.put(table.qualified() + " date=" + d, why));
      Map<String, Object> s = s0(perTable, table);
      s.put("registered_before", r.registered());
      s.put("on_storage", r.onStorage());
      s.put("added", r.added());
      s.put("dangling", r.dangling());
      s.put("dropped", r.dropped());
      s.put("not_exposed", r.notExposed().size());
      s.put("orphans", r.orphans());
      s.put("outside_table_root", r.foreign());
      s.put("failed", r.failed());
      perTable.put(table.qualified(), s);
      say(String.format("%s: %d registered, %d date(s) on storage; added %d%s, dangling %d%s, orphans %d%s",
          table.qualified(), r.registered(), r.onStorage(), r.added().size(), r.added().isEmpty() ? "" : " " + r.added().keySet(),
          r.dangling().size(), r.dangling().isEmpty() ? "" : " " + r.dangling() + (fix ? " (dropped " + r.dropped().size() + ")"
              : " (use --fix to drop them)"), r.orphans().size(), r.orphans().isEmpty() ? "" : " " + r.orphans()));
      if (!r.foreign().isEmpty()) {
        say("  partitions located outside " + t.storage(table).root() + " (left alone): " + r.foreign());
      }
      if (!r.notExposed().isEmpty()) {
        say("  " + r.notExposed().size() + " older date(s) on storage left out by retention (expose from " + exposeFrom.orElse("") + ")");
      }
    }
    summary.put("tables", perTable);
    if (!failures.isEmpty()) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Could not change " + failures.size() + " partition(s): " + failures);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> s0(Map<String, Object> perTable, TableName table) {
    return (Map<String, Object>) perTable.computeIfAbsent(table.qualified(), k -> new LinkedHashMap<String, Object>());
  }

  /**
   * Reconciles the intent records of every registered date with the catalog ({@code --full}): an
   * intent ({@code publishing}) whose run the catalog serves is repaired to {@code published}.
   * One listing of run records per registered date.
   *
   * @return the dates whose records were repaired
   */
  private static java.util.List<String> reconcileIntents(JobTables t, TableName table) {
    java.util.List<String> repaired = new java.util.ArrayList<>();
    var storage = t.storage(table);
    t.catalog.partitionLocations(table).forEach((date, location) -> {
      var history = storage.history(date);
      if (history.reconcile(Optional.ofNullable(location), "sync").intents().size() < history.intents().size()) {
        repaired.add(date);
      }
    });
    return repaired;
  }

  /** The exposure start retention last applied, else the configured window's, else none. */
  static Optional<String> exposureStart(JobTables t) {
    Optional<String> saved = Retention.exposedFrom(t.conf, t.lakeRoot, t.spec.table().qualified());
    if (saved.isPresent() || !t.settings.catalog().retention().limited()) {
      return saved;
    }
    var dates = t.storage(t.spec.table()).list().dates();
    if (dates.isEmpty()) {
      return Optional.empty();
    }
    return Retention.windowStart(t.settings.catalog().retention(), LocalDate.parse(dates.lastKey())).map(LocalDate::toString);
  }
}
