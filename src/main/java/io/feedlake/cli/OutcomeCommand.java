package io.feedlake.cli;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.Settings;
import io.feedlake.spark.SparkSessions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code feedlake outcome --run-id ID [--job NAME]}: exits with the exit code recorded for a
 * caller-named run, so that a scheduler that submitted the run in cluster mode (where YARN and
 * Kubernetes report only "failed") can still tell a data-contract failure (3) from a retryable one
 * (4, 5). Reads {@link RunOutcomes}; starts no Spark session.
 *
 * <p>No record yet (the driver has not finished, or died before writing it) exits 4, "not ready,
 * retry later", with {@code "recorded": false} in the JSON summary and a line on stderr saying so;
 * with several records under the ID (no {@code --job}) it exits with the first failed one's code.
 */
@Command(
    name = "outcome",
    mixinStandardHelpOptions = true,
    description = {
      "Exit with the recorded exit code of the run started with --run-id ID (0, 2, 3, 4, 5, or 1).",
      "No record yet: exit 4, and the JSON summary says \"recorded\": false."
    })
final class OutcomeCommand extends FeedlakeCommand {
  @Option(names = "--job", paramLabel = "NAME",
      description = "The job (or, for commands without --job, the command: report, sql, demo...). Default: every record under ID.")
  String job;

  @Override
  boolean recordsOutcome() {
    return false;
  }

  @Override
  void execute(RunSummary summary) {
    String id = common.runId;
    if (id == null) {
      throw FeedlakeException.usage("outcome: --run-id ID is required (the id the run was started with)");
    }
    if (!RunOutcomes.isValidId(id)) {
      throw FeedlakeException.usage("--run-id: '" + id + "' is not a run id (" + RunOutcomes.ID_RULE + ")");
    }
    Settings settings = config().settings();
    summary.put("job", job);
    summary.put("of_run_id", id);
    List<RunOutcomes.Outcome> found;
    try {
      // The lake root only: no Spark session (nor the embedded metastore it would open) is needed.
      found = RunOutcomes.read(SparkSessions.hadoopConfiguration(settings), settings.lakeRoot(), job, id);
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "outcome: cannot read the outcome of run " + id + " under "
          + settings.lakeRoot() + ": " + e.getMessage(), e);
    }
    summary.put("recorded", !found.isEmpty());
    if (found.isEmpty()) {
      throw new FeedlakeException(ExitCode.INPUT_NOT_READY, "no outcome recorded for run " + id
          + (job == null ? "" : " of " + job) + " under " + settings.lakeRoot()
          + "/_feedlake/outcomes yet (still running, not started, or ended before it could record one)");
    }
    List<Map<String, Object>> outcomes = new ArrayList<>();
    RunOutcomes.Outcome failed = null;
    for (RunOutcomes.Outcome o : found) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", o.key());
      m.put("run_id", o.summary().path("run_id").asText());
      m.put("status", o.summary().path("status").asText());
      m.put("exit_code", o.exitCode());
      m.put("message", o.summary().path("message").asText(null));
      m.put("record", o.path());
      outcomes.add(m);
      say(String.format("%s run %s (%s): %s, exit %d%s", o.key(), id, o.summary().path("run_id").asText(),
          o.summary().path("status").asText(), o.exitCode(),
          o.summary().hasNonNull("message") ? ": " + o.summary().get("message").asText() : ""));
      if (failed == null && o.exitCode() != 0) {
        failed = o;
      }
    }
    summary.put("outcomes", outcomes);
    if (failed != null) {
      ExitCode code = exitCode(failed.exitCode());
      throw new FeedlakeException(code, "run " + id + " (" + failed.key() + ") ended with exit " + failed.exitCode()
          + (failed.summary().hasNonNull("message") ? ": " + failed.summary().get("message").asText() : ""));
    }
  }

  private static ExitCode exitCode(int code) {
    for (ExitCode c : ExitCode.values()) {
      if (c.code() == code) {
        return c;
      }
    }
    return ExitCode.INTERNAL;
  }
}
