package io.feedlake.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.layout.LakePaths;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The ledger as a query: for one table and a range of dates, the state of each date, told from
 * its run records ({@code <lake>/_feedlake/runs/<database.table>/date=<date>/run=<id>.json}, read
 * through the Hadoop file system, so {@code s3a://} lakes work), the table's exposure start
 * ({@code <lake>/_feedlake/exposure/<database.table>.json}, written by {@code retention}) and a
 * listing of the date's input (by the source's own readiness rule). Runs on the driver; it reads
 * no data file and needs no Spark session or catalog.
 *
 * <p>Cost per date: one listing of the date's record directory, one read per record, and (except
 * for hidden dates) one listing of the input as {@link FeedSource#list} does it.
 *
 * <p>A date's state, decided in this order:
 *
 * <ol>
 *   <li>{@link State#HIDDEN}: published, but older than the exposure start retention applied;
 *   <li>{@link State#CHANGED}: published, and the input listed now differs from the inputs its
 *       run record holds (for a late-event merge, which reads no input of the date, those of the
 *       run it merged into) (a file added or removed, or a size changed; records keep path and bytes
 *       per input file, no checksum, so a rewrite of a file with the same size is not seen);
 *   <li>{@link State#PUBLISHED}: the last publication (ingest or rollback) of the date;
 *   <li>{@link State#FAILED}: no publication, and at least one run record with status {@code
 *       failed} (the last one's exit code and first line of its message are shown);
 *   <li>{@link State#MISSING}: no run, and the input is there and ready (what backfill ingests);
 *   <li>{@link State#NOT_READY}: no run, and the input is absent or not complete by the source's
 *       rule ({@code source.ready}, Adobe's manifest); the reason in one line.
 * </ol>
 *
 * Intent records ({@code publishing}) that the catalog was never found serving count as no run
 * (the same rule as {@link RunHistory}); they are mentioned in the date's detail.
 */
public final class DateStates {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The state of one date. */
  public enum State {
    /** Published: readers see a run of the date. */
    PUBLISHED,
    /** Published, but the input differs from the one the published run read. */
    CHANGED,
    /** Never published; the last run failed. */
    FAILED,
    /** Never run; the input is absent or incomplete. */
    NOT_READY,
    /** Never run; the input is ready. */
    MISSING,
    /** Published, but out of the catalog's retention window. */
    HIDDEN;

    /** The name shown and accepted on the command line (and in JSON): lower case, {@code not-ready}. */
    @JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The state named by a label ({@link #label}), case-insensitive. */
    public static Optional<State> ofLabel(String label) {
      for (State s : values()) {
        if (s.label().equalsIgnoreCase(label.strip())) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One date's state.
   *
   * @param date the date ({@code yyyy-MM-dd})
   * @param state its state
   * @param runId the published run (published, changed, hidden) or the last failed run (failed);
   *     null otherwise
   * @param rows rows written by that run; null when unknown
   * @param quarantined records it quarantined; null when unknown
   * @param publishedAt when it was published (ISO-8601 instant, UTC); null unless published
   * @param exitCode the failed run's exit code; null unless failed
   * @param error the first line of the failed run's message; null unless failed
   * @param inputFiles input files listed now (0 when not listed: hidden or not ready)
   * @param inputBytes their size on storage in bytes
   * @param detail one line for people: the not-ready reason, what changed, a later failed run
   */
  public record DateState(String date, State state, String runId, Long rows, Long quarantined, String publishedAt,
      Integer exitCode, String error, int inputFiles, long inputBytes, String detail) {}

  /** What a date's input is now: the files when ready, else why not. */
  public record Input(List<InputFile> files, String notReady) {
    /** Ready input. */
    public static Input ready(List<InputFile> files) {
      return new Input(List.copyOf(files), null);
    }

    /** Input that is absent or incomplete, with the reason in one line. */
    public static Input notReady(String reason) {
      return new Input(List.of(), reason);
    }

    /** Whether the input is ready. */
    public boolean isReady() {
      return notReady == null;
    }
  }

  /** Lists a date's input. */
  @FunctionalInterface
  public interface Inputs {
    /**
     * @throws FeedlakeException exit 5 when storage cannot be listed
     */
    Input list(LocalDate date);
  }

  /**
   * A job source's inputs: {@link FeedSource#list} with its readiness rule; exit 4 (not ready) and
   * exit 3 (a delivery there but broken) become a not-ready input with the message.
   */
  public static Inputs of(FeedSource source, Configuration conf) {
    return date -> {
      try {
        return Input.ready(source.list(conf, date));
      } catch (FeedlakeException e) {
        if (e.exitCode() == ExitCode.INPUT_NOT_READY) {
          return Input.notReady(firstLine(e.getMessage()));
        }
        if (e.exitCode() == ExitCode.DATA_CONTRACT) {
          return Input.notReady("broken input: " + firstLine(e.getMessage()));
        }
        throw e;
      }
    };
  }

  private final Configuration conf;
  private final String lakeRoot;
  private final String table;
  private final Inputs inputs;

  /**
   * @param conf Hadoop configuration reaching the lake
   * @param lakeRoot the lake root (path or URI)
   * @param table {@code database.table}
   * @param inputs how a date's input is listed
   */
  public DateStates(Configuration conf, String lakeRoot, String table, Inputs inputs) {
    this.conf = conf;
    this.lakeRoot = lakeRoot;
    this.table = table;
    this.inputs = inputs;
  }

  /**
   * The states of the dates {@code from} to {@code to}, inclusive, in date order.
   *
   * @throws FeedlakeException exit 3 when a run record is not a JSON object (naming the file), exit 5
   *     when the records or the input cannot be listed or read
   */
  public List<DateState> between(LocalDate from, LocalDate to) {
    Optional<String> exposedFrom = exposedFrom();
    List<DateState> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      out.add(state(d, exposedFrom));
    }
    return out;
  }

  /** The state of one date. */
  public DateState of(LocalDate date) {
    return state(date, exposedFrom());
  }

  /**
   * The dates that have a record directory ({@code date=<date>/} under the table's runs), sorted.
   *
   * @throws FeedlakeException exit 5 when the records cannot be listed
   */
  public List<LocalDate> recordedDates() {
    Path dir = new Path(lakeRoot, "_feedlake/runs/" + table);
    List<LocalDate> out = new ArrayList<>();
    try {
      FileStatus[] dirs;
      try {
        dirs = new RecordStore(conf).fileSystem(dir).listStatus(dir);
      } catch (FileNotFoundException e) {
        return out;
      }
      for (FileStatus st : dirs) {
        LakePaths.dateOf(st.getPath().getName()).ifPresent(d -> out.add(LocalDate.parse(d)));
      }
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot list the run records under " + dir + ": "
          + e.getMessage(), e);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** How many dates are in each state (every state present, zero when none). */
  public static Map<State, Integer> totals(List<DateState> states) {
    Map<State, Integer> out = new EnumMap<>(State.class);
    for (State s : State.values()) {
      out.put(s, 0);
    }
    states.forEach(s -> out.merge(s.state(), 1, Integer::sum));
    return out;
  }

  private Optional<String> exposedFrom() {
    Path file = new Path(lakeRoot, "_feedlake/exposure/" + table + ".json");
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      return Optional.ofNullable(JSON.readTree(in).path("expose_from").asText(null));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot read the exposure state " + file + ": " + e.getMessage(), e);
    }
  }

  /** One run record, as far as a date's state needs it. */
  private record Rec(String runId, Instant at, String action, String status, String location, Long rows,
      Long quarantined, Integer exitCode, String message, Map<String, Long> inputs) {}

  private DateState state(LocalDate date, Optional<String> exposedFrom) {
    List<Rec> recs = records(date);
    List<Rec> pubs = recs.stream().filter(r -> RunLedger.PUBLISHED.equals(r.status()) && r.location() != null).toList();
    List<Rec> failed = recs.stream().filter(r -> RunLedger.FAILED.equals(r.status())).toList();
    List<String> notes = new ArrayList<>();
    recs.stream().filter(r -> RunLedger.PUBLISHING.equals(r.status())).forEach(r -> notes.add("run " + r.runId()
        + " has an intent record (publishing) not reconciled with the catalog"));
    String d = date.toString();
    if (!pubs.isEmpty()) {
      Rec current = pubs.get(pubs.size() - 1);
      Rec run = current;
      if (RunHistory.ROLLBACK.equals(current.action())) {
        String loc = LakePaths.normalize(current.location());
        run = recs.stream().filter(r -> RunHistory.INGEST.equals(r.action()) && r.location() != null
            && LakePaths.normalize(r.location()).equals(loc)).reduce((a, b) -> b).orElse(current);
        notes.add("rolled back to this run by " + current.runId());
      }
      Rec last = recs.get(recs.size() - 1);
      if (RunLedger.FAILED.equals(last.status()) && last.at().isAfter(current.at())) {
        notes.add("a later run " + last.runId() + " failed (exit " + last.exitCode() + ")");
      }
      String at = current.at().toString();
      if (exposedFrom.isPresent() && d.compareTo(exposedFrom.get()) < 0) {
        notes.add(0, "older than the exposure start " + exposedFrom.get() + " (retention)");
        return new DateState(d, State.HIDDEN, run.runId(), run.rows(), run.quarantined(), at, null, null, 0, 0,
            String.join("; ", notes));
      }
      Input now = inputs.list(date);
      State state = State.PUBLISHED;
      if (!now.isReady()) {
        notes.add("input now not ready: " + now.notReady());
      } else {
        Rec basis = inputsBasis(pubs, run);
        String diff = basis == null ? "" : difference(basis.inputs(), now.files());
        if (!diff.isEmpty()) {
          state = State.CHANGED;
          notes.add(0, "input changed since run " + basis.runId() + ": " + diff);
        }
      }
      return new DateState(d, state, run.runId(), run.rows(), run.quarantined(), at, null, null, now.files().size(),
          bytes(now), String.join("; ", notes));
    }
    Input now = inputs.list(date);
    if (!failed.isEmpty()) {
      Rec f = failed.get(failed.size() - 1);
      return new DateState(d, State.FAILED, f.runId(), f.rows(), f.quarantined(), null, f.exitCode(),
          firstLine(f.message()), now.files().size(), bytes(now),
          String.join("; ", notes) + (now.isReady() ? "" : (notes.isEmpty() ? "" : "; ") + "input not ready: "
              + now.notReady()));
    }
    if (now.isReady()) {
      notes.add(0, "no run; input ready");
      return new DateState(d, State.MISSING, null, null, null, null, null, null, now.files().size(), bytes(now),
          String.join("; ", notes));
    }
    notes.add(0, now.notReady());
    return new DateState(d, State.NOT_READY, null, null, null, null, null, null, 0, 0, String.join("; ", notes));
  }

  private static long bytes(Input input) {
    return input.files().stream().mapToLong(InputFile::bytes).sum();
  }

  /**
   * What differs between the inputs a run recorded (path to bytes) and the files listed now, e.g.
   * {@code 1 added (p2.json), 1 resized (p0.json 120 -> 240 bytes)}; empty when nothing does.
   */
  static String difference(Map<String, Long> recorded, List<InputFile> now) {
    Map<String, Long> current = new TreeMap<>();
    now.forEach(f -> current.put(f.path(), f.bytes()));
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> resized = new ArrayList<>();
    current.forEach((p, b) -> {
      Long was = recorded.get(p);
      if (was == null) {
        added.add(new Path(p).getName());
      } else if (!was.equals(b)) {
        resized.add(new Path(p).getName() + " " + was + " -> " + b + " bytes");
      }
    });
    new TreeMap<>(recorded).keySet().stream().filter(p -> !current.containsKey(p))
        .forEach(p -> removed.add(new Path(p).getName()));
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) {
      parts.add(added.size() + " added " + added);
    }
    if (!removed.isEmpty()) {
      parts.add(removed.size() + " removed " + removed);
    }
    if (!resized.isEmpty()) {
      parts.add(resized.size() + " resized " + resized);
    }
    return String.join(", ", parts);
  }

  /** The date's records, oldest first (by {@code recorded_at}, then run id). */
  private List<Rec> records(LocalDate date) {
    Path dir = new Path(lakeRoot, "_feedlake/runs/" + table + "/" + LakePaths.DATE_PREFIX + date);
    RecordStore store = new RecordStore(conf);
    FileStatus[] files;
    try {
      FileSystem fs = store.fileSystem(dir);
      try {
        files = fs.listStatus(dir, p -> p.getName().endsWith(".json") && !RecordStore.hidden(p.getName()));
      } catch (FileNotFoundException e) {
        return List.of();
      }
      List<Rec> out = new ArrayList<>();
      for (FileStatus f : files) {
        out.add(parse(store, f));
      }
      out.sort(Comparator.comparing(Rec::at).thenComparing(Rec::runId));
      return out;
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot read the run records under " + dir + ": "
          + e.getMessage(), e);
    }
  }

  private static Rec parse(RecordStore store, FileStatus f) throws IOException {
    JsonNode rec;
    String why = null;
    try (InputStream in = store.open(f.getPath())) {
      rec = JSON.readTree(in);
      if (rec == null || rec.isMissingNode()) {
        why = "it is empty";
      } else if (!rec.isObject()) {
        why = "it is not a JSON object";
      }
    } catch (JacksonException e) {
      rec = null;
      why = "it is not valid JSON (" + e.getOriginalMessage() + ")";
    }
    if (why != null) {
      throw new FeedlakeException(ExitCode.DATA_CONTRACT, "Cannot read the run record " + f.getPath() + " ("
          + f.getLen() + " bytes): " + why + "; restore or remove the file");
    }
    String action = rec.path("action").asText(RunHistory.INGEST);
    JsonNode result = rec.path("result");
    String status = rec.path("status").asText(null);
    if (status == null) {
      // Records of feedlake versions before the commit protocol (see RunHistory).
      boolean ok = RunHistory.ROLLBACK.equals(action) || "succeeded".equals(result.path("status").asText());
      status = ok ? RunLedger.PUBLISHED : RunLedger.FAILED;
    }
    String location = RunHistory.ROLLBACK.equals(action) ? rec.path("location").asText(null)
        : result.path("location").asText(null);
    JsonNode counts = result.path("counts");
    Map<String, Long> inputs = null;
    if (rec.path("inputs").isObject()) {
      inputs = new LinkedHashMap<>();
      for (var it = rec.path("inputs").fields(); it.hasNext(); ) {
        var e = it.next();
        inputs.put(e.getKey(), e.getValue().asLong());
      }
    }
    return new Rec(rec.path("run_id").asText(f.getPath().getName()), RunHistory.recordedAt(rec, f), action, status, location,
        counts.isObject() ? counts.path("written").asLong() : null,
        counts.isObject() ? counts.path("quarantined").asLong() : null,
        result.has("exit_code") ? result.path("exit_code").asInt() : null,
        result.path("message").asText(null), inputs);
  }

  /**
   * The published run whose inputs the date's input is compared with: the run itself, or, for a
   * run that read none of the date's own input (a late-event merge from a later date's dump
   * records no inputs, {@code {}}), the latest published run before it that did. Null when no run
   * recorded inputs (records of feedlake versions before inputs were kept).
   */
  private static Rec inputsBasis(List<Rec> pubs, Rec run) {
    if (run.inputs() != null && !run.inputs().isEmpty()) {
      return run;
    }
    int at = pubs.indexOf(run);
    for (int i = (at < 0 ? pubs.size() : at) - 1; i >= 0; i--) {
      Rec r = pubs.get(i);
      if (r.inputs() != null && !r.inputs().isEmpty()) {
        return r;
      }
    }
    return null;
  }

  /** The first line of a message; null stays null. */
  static String firstLine(String message) {
    if (message == null) {
      return null;
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
