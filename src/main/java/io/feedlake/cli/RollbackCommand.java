package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.ledger.RunLedger;
import io.feedlake.publish.Rollback;
import java.io.IOException;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code feedlake rollback}: point a date back at its previous run. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Point a date of a job's beta table back at the run published before the",
      "current one, in one catalog call (publish.mode = swap keeps superseded runs",
      "until vacuum), and record it in the run records. Repeating it walks further",
      "back while earlier runs are on storage. The run gone back to is moved back",
      "under the table root and the run left is parked under",
      "<lake>/_feedlake/superseded/, so that path readers see the served run only.",
      "Exit codes: 0 ok, 2 nothing to roll back to, 5 catalog or storage failures."
    })
final class RollbackCommand extends FeedlakeCommand {
  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The date to roll back.")
  LocalDate date;

  @Override
  void execute(RunSummary summary) {
    JobTables t = JobTables.open(this, job, summary);
    Rollback.Outcome o = Rollback.plan(t.catalog, t.spec.table(), t.storage(t.spec.table()), date.toString());
    RunLedger ledger = new RunLedger(t.conf, t.settings.lakeRoot());
    String table = t.spec.table().qualified();
    try {
      ledger.recordRollback(job, table, summary.runId(), RunLedger.PUBLISHING, date.toString(), o.to(), o.from());
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot roll back " + table + " date=" + date + " to " + o.to()
          + ": cannot write the intent record under " + t.settings.lakeRoot() + "/_feedlake/runs: " + e.getMessage()
          + " (nothing was changed)", e);
    }
    // Path readers: the run gone back to is moved under the table root before the swap, the run
    // left is parked after it (a crash between is converged by register, vacuum or a re-run).
    t.storage(t.spec.table()).unpark(o.to());
    t.catalog.registerPartition(t.spec.table(), date.toString(), o.to());
    t.storage(t.spec.table()).park(o.from());
    rollBackQuarantine(t, ledger, summary, o);
    try {
      ledger.recordRollback(job, table, summary.runId(), RunLedger.PUBLISHED, date.toString(), o.to(), o.from());
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Rolled back " + table + " date=" + date
          + " to " + o.to() + " but cannot mark its record published: " + e.getMessage()
          + " (the intent record is reconciled with the catalog by the next register, rollback or vacuum)", e);
    }
    summary.put("date", date.toString());
    summary.put("from", o.from());
    summary.put("to", o.to());
    say(t.spec.table().qualified() + " date=" + date + ": " + o.from() + " -> " + o.to());
  }

  /**
   * Points the quarantine partition at the quarantine rows of the run the beta table went back to,
   * when that run wrote them to its own directory ({@code publish.mode = swap}); recorded like the
   * beta rollback. A run of an older feedlake (quarantine overwritten in place) leaves it alone.
   */
  private void rollBackQuarantine(JobTables t, RunLedger ledger, RunSummary summary, Rollback.Outcome o) {
    var quarantine = t.spec.table().quarantine();
    String runDir = new org.apache.hadoop.fs.Path(o.to()).getName();
    String target = t.storage(quarantine).root() + "/" + io.feedlake.layout.LakePaths.DATE_PREFIX + date + "/" + runDir;
    if (!runDir.startsWith(io.feedlake.layout.LakePaths.RUN_PREFIX) || !t.storage(quarantine).isStored(target)
        || t.catalog.table(quarantine).isEmpty()) {
      return;
    }
    String from = t.catalog.partitionLocations(quarantine).get(date.toString());
    try {
      ledger.recordRollback(job, quarantine.qualified(), summary.runId(), RunLedger.PUBLISHING, date.toString(), target,
          from);
      t.storage(quarantine).unpark(target);
      t.catalog.registerPartition(quarantine, date.toString(), target);
      if (from != null) {
        t.storage(quarantine).park(from);
      }
      ledger.recordRollback(job, quarantine.qualified(), summary.runId(), RunLedger.PUBLISHED, date.toString(), target,
          from);
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Rolled back " + t.spec.table().qualified() + " date=" + date
          + " but cannot record the rollback of its quarantine partition to " + target + ": " + e.getMessage(), e);
    }
    summary.put("quarantine_to", target);
  }
}
