package io.feedlake.cli;

import io.feedlake.FeedlakeException;
import io.feedlake.ledger.DateLocks;
import io.feedlake.publish.Vacuum;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code feedlake vacuum}: delete superseded, unreferenced run directories. */
@Command(
    name = "vacuum",
    mixinStandardHelpOptions = true,
    description = {
      "List (default) or delete (--execute) the run directories of a job's beta and",
      "quarantine tables that no reader reaches any more: not the partition's registered",
      "location, not the current run in the run records (also for dates hidden by",
      "retention), and unreferenced for longer than --older-than (since the next",
      "publication, or since the run started if it was never published). Date",
      "directories of the overwrite layout are never touched, nor dates whose write",
      "lock is held. The catalog's current location is always kept; an intent record",
      "(status publishing) whose run the catalog serves is repaired to published.",
      "With --execute, runs left under the table directory by a crash (not served)",
      "are first parked under <lake>/_feedlake/superseded/ (served runs moved back).",
      "Exit codes: 0 ok, 2 usage/config, 5 catalog or storage failures."
    })
final class VacuumCommand extends FeedlakeCommand {
  private static final Pattern AGE = Pattern.compile("(\\d+)([dhms])");

  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @Option(names = "--older-than", paramLabel = "AGE", defaultValue = "7d",
      description = "Grace period: a number and d, h, m or s (default: ${DEFAULT-VALUE}).")
  String olderThan;

  @Option(names = "--execute", description = "Delete the directories (without it, only print what would be deleted).")
  boolean execute;

  @Override
  void execute(RunSummary summary) {
    Duration grace = parse(olderThan);
    JobTables t = JobTables.open(this, job, summary);
    Instant cutoff = Instant.now().minus(grace);
    String table = t.spec.table().qualified();
    Map<String, String> beingWritten = new java.util.TreeMap<>();
    new DateLocks(t.conf, t.settings.lakeRoot(), t.settings.publish().lockLease()).liveLeases(table)
        .forEach((date, holder) -> beingWritten.put(date, "being written by run " + holder.runId() + " since "
            + holder.since() + " (lease until " + holder.until() + ")"));
    List<String> paths = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    long bytes = 0;
    int referenced = 0;
    int recent = 0;
    List<String> moved = new ArrayList<>();
    for (var tableName : t.tables()) {
      if (execute) {
        // The path layout first (a crash between a swap and its parking): only the served run of
        // each date under the table root.
        Vacuum.converge(t.catalog, tableName, t.storage(tableName), List.of(), beingWritten).forEach(m -> {
          moved.add(m);
          say("moved " + m + " (only the served run of a date stays under the table directory)");
        });
      }
      Vacuum.Plan plan = Vacuum.plan(t.catalog, tableName, t.storage(tableName), cutoff, beingWritten);
      for (Vacuum.Candidate c : plan.delete()) {
        if (execute) {
          t.storage(tableName).delete(c.location());
        }
        paths.add(c.location());
        say((execute ? "deleted " : "would delete ") + c.location() + String.format(" (%d bytes, unreferenced since %s)",
            c.bytes(), c.unreferencedSince()));
      }
      plan.unknown().forEach(u -> say("left alone: " + u));
      unknown.addAll(plan.unknown());
      bytes += plan.bytes();
      referenced += plan.referenced();
      recent += plan.recent();
    }
    say(String.format("vacuum %s: %d run director%s %s (%d bytes); kept %d referenced, %d within %s",
        table, paths.size(), paths.size() == 1 ? "y" : "ies", execute ? "deleted" : "to delete (dry run; --execute deletes)",
        bytes, referenced, recent, olderThan));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("dry_run", !execute);
    s.put("older_than", olderThan);
    s.put(execute ? "deleted" : "would_delete", paths);
    s.put("bytes", bytes);
    s.put("kept_referenced", referenced);
    s.put("kept_recent", recent);
    s.put("left_alone", unknown);
    s.put("moved", moved);
    summary.put("vacuum", s);
  }

  static Duration parse(String age) {
    Matcher m = AGE.matcher(age.trim());
    if (!m.matches()) {
      throw FeedlakeException.usage("--older-than: '" + age + "' is not an age (expected a number and d, h, m or s, e.g. 7d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
