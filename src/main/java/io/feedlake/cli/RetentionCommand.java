package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.catalog.PartitionBatchResult;
import io.feedlake.catalog.Retention;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Settings.RetentionSettings;
import io.feedlake.publish.CatalogSync;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code feedlake retention}: expose only the recent partitions in the catalog. */
@Command(
    name = "retention",
    mixinStandardHelpOptions = true,
    description = {
      "Expose only the last N days or months of a job's partitions in the catalog",
      "(catalog.retention.days or .months, set per table in jobs/<job>.conf),",
      "counted back from the newest date on storage; data stays on storage. Older",
      "partitions are dropped from the catalog, and dates inside the window that",
      "are missing are registered. --expose-from D exposes D and later too (older",
      "data on request); the start applied is remembered, so sync neither re-adds",
      "nor removes what retention decided.",
      "Exit codes: 0 ok, 2 usage/config (no window and no --expose-from), 5 catalog",
      "failures."
    })
final class RetentionCommand extends FeedlakeCommand {
  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @Option(names = "--expose-from", paramLabel = "YYYY-MM-DD",
      description = "Also expose partitions from this date on (earlier than the window's start).")
  LocalDate exposeFrom;

  @Override
  void execute(RunSummary summary) {
    JobTables t = JobTables.open(this, job, summary);
    RetentionSettings window = t.settings.catalog().retention();
    if (!window.limited() && exposeFrom == null) {
      throw FeedlakeException.usage("No retention window for job " + job + ": set catalog.retention.days or"
          + " catalog.retention.months in jobs/" + job + ".conf (or pass --expose-from YYYY-MM-DD)");
    }
    SortedMap<String, String> onStorage = t.storage(t.spec.table()).list().dates();
    if (onStorage.isEmpty()) {
      throw FeedlakeException.inputNotReady("Nothing on storage for " + t.spec.table().qualified() + " under "
          + t.storage(t.spec.table()).root() + "; nothing to expose");
    }
    LocalDate newest = LocalDate.parse(onStorage.lastKey());
    Optional<LocalDate> windowStart = Retention.windowStart(window, newest);
    LocalDate from = windowStart.orElse(exposeFrom);
    if (exposeFrom != null && exposeFrom.isBefore(from)) {
      from = exposeFrom;
    }
    String reason = Retention.describe(window) + " from newest date " + newest
        + (exposeFrom != null ? ", --expose-from " + exposeFrom : "");
    summary.put("expose_from", from.toString());
    summary.put("reason", reason);
    say("exposing " + t.spec.table().qualified() + " from " + from + " (" + reason + ")");
    Map<String, Object> perTable = new LinkedHashMap<>();
    Map<String, String> failures = new TreeMap<>();
    for (TableName table : t.tables()) {
      String start = from.toString();
      List<String> older = t.catalog.partitions(table).stream().filter(d -> d.compareTo(start) < 0).toList();
      PartitionBatchResult dropped = t.catalog.dropPartitions(table, older);
      CatalogSync.Report added = CatalogSync.run(t.catalog, table, t.storage(table), Optional.of(start), false, false);
      dropped.failed().forEach((d, why) -> failures.put(table.qualified() + " date=" + d, why));
      added.failed().forEach((d, why) -> failures.put(table.qualified() + " date=" + d, why));
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("hidden", dropped.dropped());
      s.put("exposed", added.added().keySet());
      perTable.put(table.qualified(), s);
      say(String.format("%-36s hidden %d partition(s) older than %s, exposed %d%s", table.qualified(),
          dropped.dropped().size(), start, added.added().size(), added.added().isEmpty() ? "" : " " + added.added().keySet()));
    }
    summary.put("tables", perTable);
    Retention.saveExposedFrom(t.conf, t.lakeRoot, t.spec.table().qualified(), from.toString(), reason);
    if (!failures.isEmpty()) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Could not change " + failures.size() + " partition(s): " + failures);
    }
  }
}
