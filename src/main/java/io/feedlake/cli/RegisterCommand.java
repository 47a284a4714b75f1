package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.catalog.PartitionBatchResult;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.publish.TableStorage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code feedlake register}: (re)register what is on storage for some dates. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = {
      "(Re)register a job's partitions (beta and quarantine tables) for a date or a",
      "range, from what is on storage: each date's current run (from the run",
      "records; without records the newest run=<id>/ directory, or date=D/ itself",
      "in the overwrite layout). The catalog wins over an intent record (status",
      "publishing) whose run it serves, which is repaired to published, and over",
      "records that do not know its location: a date never moves back to an older",
      "run. Batched (100 per catalog call) and idempotent:",
      "afterwards every other run of a date is parked under",
      "<lake>/_feedlake/superseded/ (dates being written are left alone), so that",
      "readers that list the table directory see the served run only;",
      "existing partitions are re-pointed only if their location differs. The",
      "tables must exist (the first ingest creates them).",
      "Exit codes: 0 ok, 2 usage/config, 4 nothing on storage for any date, 5",
      "catalog failures."
    })
final class RegisterCommand extends FeedlakeCommand {
  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @ArgGroup(exclusive = true, multiplicity = "1")
  IngestCommand.DateSelection dates;

  @Override
  void execute(RunSummary summary) {
    List<LocalDate> list = dates.expand();
    JobTables t = JobTables.open(this, job, summary);
    Map<String, Object> perTable = new LinkedHashMap<>();
    Map<String, String> failures = new TreeMap<>();
    int found = 0;
    Map<String, String> beingWritten = new TreeMap<>();
    new io.feedlake.ledger.DateLocks(t.conf, t.settings.lakeRoot(), t.settings.publish().lockLease())
        .liveLeases(t.spec.table().qualified()).forEach((date, holder) -> beingWritten.put(date, holder.runId()));
    for (TableName table : t.tables()) {
      if (t.catalog.table(table).isEmpty()) {
        throw FeedlakeException.usage("Cannot register partitions of " + table.qualified()
            + ": the table is not in the catalog (ingest a date first: the table's columns come from the conformed data)");
      }
      TableStorage storage = t.storage(table);
      SortedMap<String, String> locations = new TreeMap<>();
      List<String> missing = new ArrayList<>();
      SortedMap<String, String> registered = t.catalog.partitionLocations(table);
      for (LocalDate d : list) {
        Optional<String> current =
            storage.current(d.toString(), Optional.ofNullable(registered.get(d.toString())), "register");
        if (current.isPresent()) {
          locations.put(d.toString(), current.get());
        } else {
          missing.add(d.toString());
        }
      }
      if (table.equals(t.spec.table())) {
        found = locations.size();
      }
      // A served run is under the table root before the catalog points at it; afterwards the other
      // runs of each date are parked (path readers), except on dates being written.
      locations.values().forEach(storage::unpark);
      PartitionBatchResult r = t.catalog.registerPartitions(table, locations);
      List<String> parked = io.feedlake.publish.Vacuum.converge(t.catalog, table, storage,
          list.stream().map(LocalDate::toString).toList(), beingWritten);
      r.failed().forEach((d, why) -> failures.put(table.qualified() + " date=" + d, why));
      Map<String, Object> s = new LinkedHashMap<>(r.summary());
      s.put("not_on_storage", missing);
      s.put("moved", parked);
      perTable.put(table.qualified(), s);
      say(String.format("%-36s created %d, updated %d, unchanged %d, failed %d; not on storage: %s",
          table.qualified(), r.created().size(), r.updated().size(), r.unchanged().size(), r.failed().size(),
          missing.isEmpty() ? "none" : missing));
    }
    summary.put("tables", perTable);
    if (!failures.isEmpty()) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Could not register " + failures.size() + " partition(s): " + failures);
    }
    if (found == 0) {
      throw FeedlakeException.inputNotReady("Nothing on storage to register for " + t.spec.table().qualified()
          + " on " + (list.size() == 1 ? list.get(0) : list.get(0) + " .. " + list.get(list.size() - 1))
          + " under " + t.storage(t.spec.table()).root());
    }
  }
}
