package io.feedlake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.catalog.PartitionCatalog;
import io.feedlake.config.JobSpec;
import io.feedlake.config.Settings;
import io.feedlake.conform.Classified;
import io.feedlake.conform.ConformChain;
import io.feedlake.conform.Conformed;
import io.feedlake.layout.PartitionLayout;
import io.feedlake.ledger.DateLocks;
import io.feedlake.ledger.DateResult;
import io.feedlake.ledger.RunCounts;
import io.feedlake.ledger.RunLedger;
import io.feedlake.publish.LateEventMerge;
import io.feedlake.publish.PartitionWriter;
import io.feedlake.publish.PausePoints;
import io.feedlake.publish.RunCommit;
import io.feedlake.publish.TableStorage;
import io.feedlake.publish.WrittenPartition;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one job for one date: list the dump, classify every line, reconcile the counts, write
 * the beta partition and the quarantine partition (data first), verify the footers, then register
 * both partitions in the catalog and write a run record. Orchestrates on the driver; the Spark
 * work is one materialized classification ({@link Materialized}) plus two writes.
 *
 * <p>Beta data: {@code <lake>/beta/<table>/date=YYYY-MM-DD/run=<run id>/} with {@code
 * publish.mode = swap} (the partition is pointed at the new run directory in one catalog call,
 * after the files are verified; a failure before that leaves the catalog on the previous run), or
 * {@code <lake>/beta/<table>/date=YYYY-MM-DD/} with {@code overwrite}. Quarantine: {@code
 * <lake>/beta/_quarantine/<table>/date=YYYY-MM-DD/run=<run id>/} with {@code swap}, registered
 * as {@code <table>_quarantine} in the same commit as the beta run (a refused or failed run never
 * changes the published quarantine), {@code date=YYYY-MM-DD/} in place with {@code overwrite}.
 */
public final class IngestRunner {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRunner.class);

  private final SparkSession spark;
  private final Settings settings;
  private final JobSpec job;
  private final PartitionCatalog catalog;
  private final FeedSource source;
  private final Classification classification;
  private final ConformChain chain;
  private final PartitionLayout layout;
  private final List<String> declaredColumns;

  /**
   * Prepares a job.
   *
   * @param source the job's source, from {@link Sources#create} (built before the Spark session,
   *     so that schema errors fail fast with exit 2)
   */
  public IngestRunner(
      SparkSession spark, Settings settings, JobSpec job, FeedSource source, PartitionCatalog catalog) {
    this.spark = spark;
    this.settings = settings;
    this.job = job;
    this.catalog = catalog;
    this.source = source;
    this.chain = ConformChain.of(job.rules());
    this.layout = new PartitionLayout(job.layout());
    this.classification = Classification.of(source, job);
    this.declaredColumns = List.copyOf(classification.outputColumns());
  }

  /**
   * Applies the conform chain to the source's plan and checks the sort columns against the
   * resulting output columns. Builds a plan only: configuration errors surface before any data
   * is read. Sources whose columns come with each delivery (Adobe) declare none up front; their
   * missing sort columns are noted per date instead (see {@link #layoutFor}).
   */
  private Conformed conform(Dataset<Row> classified) {
    Conformed out = chain.apply(new Conformed(classified, classification.outputColumns()));
    List<String> unknownSort = job.layout().sortBy().stream().filter(c -> !out.columns().contains(c)).toList();
    if (!declaredColumns.isEmpty() && !unknownSort.isEmpty()) {
      throw new io.feedlake.config.ConfigException(
          List.of("layout.sort-by: " + unknownSort + " are not output columns (columns: " + out.columns() + ")"));
    }
    return out;
  }

  /** The table's root location: {@code <lake>/beta/<table>}. */
  public String tableLocation() {
    return qualify(new Path(settings.lakeRoot(), "beta/" + job.table().table()));
  }

  /** The quarantine table's root location: {@code <lake>/beta/_quarantine/<table>}. */
  public String quarantineLocation() {
    return qualify(new Path(settings.lakeRoot(), "beta/_quarantine/" + job.table().table()));
  }

  /**
   * The run id of one date of a command: the command's run id when it ingests a single date, else
   * {@code <command run id>-<yyyyMMdd>} for each date of a range. Every date of a range is a run
   * of its own, so that the run a late-event merge publishes into an earlier date of the same
   * range ({@code date=<earlier>/run=<id of the date whose dump held the late rows>}) never
   * collides with that earlier date's own run directory or record. The id keeps the command's
   * start time at its head ({@link io.feedlake.layout.LakePaths#runStart}) and ids of one range
   * sort in date order.
   *
   * @param commandRunId the command's run id ({@code yyyyMMdd'T'HHmmss'Z'-<random>})
   * @param date the date ingested
   * @param datesInCommand how many dates the command ingests (1 or more)
   */
  public static String dateRunId(String commandRunId, LocalDate date, int datesInCommand) {
    return datesInCommand <= 1
        ? commandRunId
        : commandRunId + "-" + date.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
  }

  /**
   * Whether two date run ids belong to the same command's range ({@link #dateRunId}: {@code
   * <command run id>-<yyyyMMdd>} each, with the same command run id).
   */
  static boolean sameCommand(String a, String b) {
    String suffix = "-\\d{8}$";
    return a.matches(".+" + suffix) && b.matches(".+" + suffix)
        && a.replaceFirst(suffix, "").equals(b.replaceFirst(suffix, ""));
  }

  /** Dump dates present on storage for this job. */
  public List<LocalDate> availableDates() {
    return source.availableDates(hadoopConf());
  }

  /**
   * Ingests one date, following the commit protocol: take the (table, date) lock, write and verify
   * the run's files, write the run record with status {@code publishing} (the intent), check the
   * lock, make the one catalog call, mark the record {@code published}, release the lock.
   *
   * @param date the dump date
   * @param runId the run id of this date's run (see {@link #dateRunId}); the lock's fencing token
   * @return the date's outcome (status succeeded)
   * @throws FeedlakeException exit 4 when the dump is missing, exit 3 when counts do not reconcile
   *     or the schema changed incompatibly, exit 5 on storage errors or when another run holds the
   *     date's lock ({@code table T date D is being written by run <id> since <time> (lease until
   *     <time>, host <host>)})
   */
  public DateResult run(LocalDate date, String runId) {
    long start = System.nanoTime();
    try (DateLocks.Lease lease = locks().acquire(job.table().qualified(), date.toString(), runId)) {
      return run(date, runId, lease, start);
    }
  }

  private DateResult run(LocalDate date, String runId, DateLocks.Lease lease, long start) {
    String what = job.table().qualified() + " date=" + date;
    List<InputFile> files = source.list(hadoopConf(), date);
    long inputBytes = files.stream().mapToLong(InputFile::bytes).sum();
    LOG.info("{}: reading {} file(s), {} bytes, from {}", what, files.size(), inputBytes,
        source.describe(date));

    io.feedlake.source.ReadLimits.of(job.rules().input()).applyTo(hadoopConf());
    io.feedlake.source.ReadTally reads = io.feedlake.source.ReadTally.begin(spark.sparkContext());
    Conformed conformed = conform(classification.classify(spark, files, date));
    Materialized kept = Materialized.of(conformed.rows());
    Dataset<Row> classified = kept.rows();
    try {
      Map<String, Long> recordsPerFile = new LinkedHashMap<>();
      Map<String, Long> metrics = new java.util.TreeMap<>();
      Map<String, Long> linesPerFile = new LinkedHashMap<>();
      RunCounts counts = tally(classified, recordsPerFile, metrics, linesPerFile);
      counts.requireReconciled(what);
      List<String> notes = new ArrayList<>(InputChecks.reconcileReads(reads.value(), linesPerFile, what));
      HiddenInputFiles.beside(hadoopConf(), files).addTo(notes, metrics);
      notes.addAll(classification.verify(recordsPerFile));
      metrics.putAll(classification.metrics());
      notes.addAll(InputChecks.check(classified, counts, job.rules().input(), what));
      lease.takeover().ifPresent(notes::add);
      PausePoints.reached(PausePoints.CLASSIFIED);
      Dataset<Row> quarantine = Classified.quarantined(classified, date, runId);
      catalog.ensureTable(job.table().quarantine(), withoutPartition(quarantine.schema()), quarantineLocation(),
          io.feedlake.config.Rules.SchemaEvolution.ADDITIVE);
      PartitionWriter writer = new PartitionWriter(spark);
      double ratio = counts.recordsRead() == 0 ? 0 : (double) counts.quarantined() / counts.recordsRead();
      if (ratio > job.rules().quarantineMaxRatio()) {
        // The refused run's quarantine goes to its own run directory and is not registered:
        // readers keep the published run's quarantine rows.
        boolean swapQuarantine = settings.publish().mode() == Settings.PublishMode.SWAP;
        // Written straight to the parked area: a path reader of the quarantine table never sees it.
        WrittenPartition quar = swapQuarantine
            ? writer.writeRun(quarantine.repartition(1), storage(job.table().quarantine()).parkedRoot(),
                date.toString(), runId, counts.quarantined(), layout.rowGroupBytes(),
                withoutPartition(quarantine.schema()))
            : writeQuarantine(writer, quarantine, date, counts, runId);
        if (!swapQuarantine) {
          catalog.registerPartition(job.table().quarantine(), date.toString(), quar.location());
        }
        String message = String.format(
            "Quarantined %d of %d records (ratio %.4f) for %s, over quarantine.max-ratio %s; nothing was"
                + " published to %s. Top reasons: %s. The quarantine rows are at %s (not registered in table %s).",
            counts.quarantined(), counts.recordsRead(), ratio, what, job.rules().quarantineMaxRatio(),
            job.table().qualified(), topReasons(counts.quarantinedByReason()), quar.location(),
            job.table().quarantine().qualified());
        DateResult failed = new DateResult(date.toString(), "failed", ExitCode.DATA_CONTRACT.code(),
            message, files.size(), inputBytes, counts, 0, 0, null, (System.nanoTime() - start) / 1e9, notes, metrics);
        writeRecord(runId, RunLedger.FAILED, failed, files);
        if (swapQuarantine) {
          writeRecord(job.table().quarantine().qualified(), runId, RunLedger.FAILED, quarantineResult(failed, quar,
              "failed"), files);
        }
        throw new io.feedlake.ledger.DateFailedException(ExitCode.DATA_CONTRACT, failed);
      }
      LOG.info("{}: {} lines, {} records: {} to write, {} duplicates, {} quarantined {}, {} filtered, {} skipped",
          what, counts.linesRead(), counts.recordsRead(), counts.written(), counts.duplicates(),
          counts.quarantined(), counts.quarantinedByReason(), counts.filtered(), counts.skipped());

      PartitionLayout dateLayout = layoutFor(conformed.columns(), notes);
      Dataset<Row> written = Classified.written(classified, conformed.columns());
      StructType dataColumns = withoutPartition(written.schema());
      catalog.ensureTable(job.table(), dataColumns, tableLocation(), job.rules().evolution());

      double share = counts.recordsRead() == 0 ? 0 : (double) counts.written() / counts.recordsRead();
      int fileCount = dateLayout.fileCount(inputBytes, share);
      boolean swap = settings.publish().mode() == Settings.PublishMode.SWAP;
      boolean[] served = {false};
      try {
        Dataset<Row> arranged = PausePoints.whileWriting(PausePoints.BETA_WRITE, dateLayout.arrange(written, fileCount));
        WrittenPartition beta = swap
            ? writer.writeRun(arranged, tableLocation(), date.toString(), runId,
                counts.written(), dateLayout.rowGroupBytes(), dataColumns)
            : writer.overwrite(arranged, tableLocation(), date.toString(),
                counts.written(), dateLayout.rowGroupBytes(), dataColumns);
        PausePoints.reached(PausePoints.BETA_WRITTEN);
        WrittenPartition quar = writeQuarantine(writer, quarantine, date, counts, runId);

        if (counts.written() == 0) {
          notes.add("no rows to write: the partition is registered empty");
        }
        if (counts.invalidUtf8Lines() > 0) {
          notes.add(counts.invalidUtf8Lines() + " line(s) were not valid UTF-8; invalid bytes were replaced by U+FFFD");
        }
        if (counts.latin1Fields() > 0) {
          notes.add(counts.latin1Fields() + " field(s) were not valid UTF-8 and were decoded as ISO-8859-1");
        }
        DateResult result =
            new DateResult(date.toString(), "succeeded", ExitCode.OK.code(), null, files.size(), inputBytes, counts,
                beta.files().size(), beta.bytes(), beta.location(), (System.nanoTime() - start) / 1e9, notes, metrics);
        // The swap: one catalog call points the date at the verified run directory, between the
        // intent record and its confirmation.
        DateResult quarantined = quarantineResult(result, quar, "succeeded");
        if (swap) {
          // The quarantine run is published with the beta run, under the same lock, its intent
          // recorded first (run records of the quarantine table).
          writeRecord(job.table().quarantine().qualified(), runId, RunLedger.PUBLISHING, quarantined, files);
        }
        Runnable swapBoth = () -> {
          PausePoints.reached(PausePoints.RECORDED);
          catalog.registerPartition(job.table(), date.toString(), beta.location());
          catalog.registerPartition(job.table().quarantine(), date.toString(), quar.location());
          served[0] = true;
          PausePoints.reached(PausePoints.SWAPPED);
        };
        Runnable catalogCall = !swap ? swapBoth : () -> {
          try {
            swapBoth.run();
          } catch (RuntimeException e) {
            writeRecord(job.table().quarantine().qualified(), runId, RunLedger.FAILED,
                quarantineResult(quarantined, quar, "failed"), files);
            throw e;
          }
        };
        commit(runId, result, files, lease, catalogCall, swap
            ? "run directory " + beta.location() + " was written and verified but not published;"
                + " readers still see the previous run (vacuum removes the directory)"
            : "partition " + beta.location() + " was rewritten in place but its registration failed");
        if (swap) {
          writeRecord(job.table().quarantine().qualified(), runId, RunLedger.PUBLISHED, quarantined, files);
          parkOthers(date.toString(), beta.location(), quar.location());
        }
        if (settings.publish().lateEvents() == Settings.LateEvents.MERGE) {
          mergeLate(classified, conformed, date, runId, dataColumns, writer, notes, metrics);
          result = new DateResult(date.toString(), "succeeded", ExitCode.OK.code(), null, files.size(), inputBytes,
              counts, beta.files().size(), beta.bytes(), beta.location(), (System.nanoTime() - start) / 1e9, notes,
              metrics);
          writeRecord(runId, RunLedger.PUBLISHED, result, files);
        }
        double seconds = result.seconds();
        LOG.info("{}: wrote {} rows in {} file(s), {} bytes, in {} s", what, beta.rows(),
            beta.files().size(), beta.bytes(), String.format("%.1f", seconds));
        return result;
      } catch (RuntimeException e) {
        if (swap && !served[0]) {
          parkOwn(date.toString(), runId, e);
        }
        throw e;
      }
    } finally {
      kept.close();
    }
  }

  /**
   * The commit protocol around one catalog call: the intent record ({@code publishing}), the
   * fencing check of the lease, the call, then the record marked {@code published}; when the call
   * throws, the record says {@code failed} with why, and the failure is rethrown. A crash anywhere
   * leaves the catalog on the old run or the new one, and the record no further ahead than the
   * catalog: an intent the catalog serves is repaired by register, rollback or vacuum.
   */
  private void commit(String runId, DateResult result, List<InputFile> files, DateLocks.Lease lease,
      Runnable catalogCall, String unpublishedNote) {
    writeRecord(runId, RunLedger.PUBLISHING, result, files);
    lease.check();
    try {
      catalogCall.run();
    } catch (RuntimeException e) {
      List<String> failedNotes = new ArrayList<>(result.notes());
      failedNotes.add(unpublishedNote);
      writeRecord(runId, RunLedger.FAILED, new DateResult(result.date(), "failed", ExitCode.TRANSIENT.code(),
          "Cannot publish " + job.table().qualified() + " date=" + result.date() + ": " + e.getMessage(),
          result.inputFiles(), result.inputBytes(), result.counts(), 0, 0, null, result.seconds(), failedNotes,
          result.metrics()), files);
      throw e;
    }
    writeRecord(runId, RunLedger.PUBLISHED, result, files);
  }

  /** The storage of the beta table or its quarantine table (run directories, parked runs). */
  private TableStorage storage(JobSpec.TableName table) {
    String lakeRoot = qualify(new Path(settings.lakeRoot()));
    String root = table.equals(job.table()) ? tableLocation() : quarantineLocation();
    return new TableStorage(hadoopConf(), lakeRoot, table.qualified(), root);
  }

  /**
   * Path readers: once a date is served from a new run, every other run of the date is parked
   * outside the table directory (beta and quarantine). Runs under the date's lock, after the run
   * is recorded published; a failure here (storage) is a warning, converged by the next register,
   * vacuum --execute or re-run.
   */
  private void parkOthers(String date, String betaRun, String quarantineRun) {
    parkOthers(storage(job.table()), date, betaRun);
    parkOthers(storage(job.table().quarantine()), date, quarantineRun);
  }

  private static void parkOthers(TableStorage storage, String date, String served) {
    try {
      List<String> parked = storage.converge(date, java.util.Optional.of(served));
      if (!parked.isEmpty()) {
        LOG.info("date={}: parked {} run(s) no reader is served from under {}", date, parked.size(), storage.parkedRoot());
      }
    } catch (FeedlakeException e) {
      LOG.warn("date={}: cannot park the superseded runs of {} ({}); readers of the table directory may see"
          + " them until the next register, vacuum --execute or re-run", date, storage.root(), e.getMessage());
    }
  }

  /**
   * A run that failed before it was served: its own run directories are parked (best effort, the
   * failure is kept), unless the catalog points at one after all (a partial catalog call).
   */
  private void parkOwn(String date, String runId, RuntimeException failure) {
    for (JobSpec.TableName table : List.of(job.table(), job.table().quarantine())) {
      try {
        TableStorage storage = storage(table);
        String own = storage.canonical(date, runId);
        String registered = catalog.partitionLocations(table).get(date);
        if (registered == null || !io.feedlake.layout.LakePaths.normalize(registered).equals(own)) {
          storage.park(own);
        }
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** The (table, date) locks of the lake. */
  private DateLocks locks() {
    return new DateLocks(hadoopConf(), settings.lakeRoot(), settings.publish().lockLease());
  }

  /**
   * The layout of one date: {@code layout.sort-by} without the columns this date's delivery does
   * not have (possible only for sources whose columns come with each delivery), each noted.
   */
  private PartitionLayout layoutFor(List<String> columns, List<String> notes) {
    List<String> sortBy = layout.sortColumns().stream().filter(columns::contains).toList();
    if (sortBy.size() == layout.sortColumns().size()) {
      return layout;
    }
    layout.sortColumns().stream().filter(c -> !columns.contains(c)).forEach(c ->
        notes.add("layout.sort-by column " + c + " is not in this delivery: rows are not sorted by it"));
    return new PartitionLayout(
        new JobSpec.LayoutSpec(sortBy, job.layout().targetFileBytes(), job.layout().rowGroupBytes()));
  }

  /**
   * Counts the classified rows by disposition and reason in one aggregation, the records (units
   * not skipped) of each input file into {@code recordsPerFile} and all its units into {@code
   * linesPerFile}.
   */
  private RunCounts tally(Dataset<Row> classified, Map<String, Long> recordsPerFile, Map<String, Long> metrics,
      Map<String, Long> linesPerFile) {
    List<String> metricColumns =
        java.util.Arrays.stream(classified.columns()).filter(c -> c.startsWith(Conformed.METRIC_PREFIX)).toList();
    boolean latin1 = Arrays.asList(classified.columns()).contains(Classified.LATIN1_FIELDS);
    List<org.apache.spark.sql.Column> aggs = new ArrayList<>();
    aggs.add(sum(when(col(Classified.INVALID_UTF8), 1).otherwise(0)).alias("bad_utf8"));
    aggs.add(sum(latin1 ? col(Classified.LATIN1_FIELDS).cast("long") : lit(0L)).alias("latin1"));
    metricColumns.forEach(m -> aggs.add(sum(col(m)).cast("long")));
    List<Row> rows =
        classified
            .groupBy(col(Classified.SOURCE_FILE), col(Classified.DISPOSITION), col(Classified.REASON))
            .agg(count(lit(1)).alias("n"), aggs.toArray(org.apache.spark.sql.Column[]::new))
            .collectAsList();
    Map<String, Long> byDisposition = new HashMap<>();
    Map<String, Long> skipped = new LinkedHashMap<>();
    Map<String, Long> quarantined = new LinkedHashMap<>();
    Map<String, Long> filtered = new LinkedHashMap<>();
    long lines = 0;
    long badUtf8 = 0;
    long latin1Fields = 0;
    for (Row r : rows) {
      String file = r.getString(0);
      String disposition = r.getString(1);
      String reason = r.isNullAt(2) ? null : r.getString(2);
      long n = r.getLong(3);
      lines += n;
      badUtf8 += r.getLong(4);
      latin1Fields += r.isNullAt(5) ? 0 : r.getLong(5);
      for (int i = 0; i < metricColumns.size(); i++) {
        long v = r.isNullAt(6 + i) ? 0 : r.getLong(6 + i);
        if (v != 0) {
          metrics.merge(Conformed.metricName(metricColumns.get(i)), v, Long::sum);
        }
      }
      byDisposition.merge(disposition, n, Long::sum);
      linesPerFile.merge(file, n, Long::sum);
      if (!disposition.equals(Classified.SKIPPED)) {
        recordsPerFile.merge(file, n, Long::sum);
      }
      switch (disposition) {
        case "skipped" -> skipped.merge(reason, n, Long::sum);
        case "quarantined" -> quarantined.merge(reason, n, Long::sum);
        case "filtered" -> filtered.merge(reason, n, Long::sum);
        default -> { }
      }
    }
    return new RunCounts(
        lines,
        byDisposition.getOrDefault("skipped", 0L),
        byDisposition.getOrDefault("written", 0L),
        byDisposition.getOrDefault("duplicate", 0L),
        byDisposition.getOrDefault("quarantined", 0L),
        byDisposition.getOrDefault("filtered", 0L),
        badUtf8,
        skipped,
        quarantined,
        filtered,
        latin1Fields);
  }

  /**
   * Writes the quarantine rows of a run and verifies them, without registering them: with {@code
   * publish.mode = swap} into the run's own directory {@code
   * <lake>/beta/_quarantine/<table>/date=D/run=<run id>/} (made visible by the run's swap), with
   * {@code overwrite} into {@code date=D/} in place like the beta table.
   */
  private WrittenPartition writeQuarantine(
      PartitionWriter writer, Dataset<Row> quarantine, LocalDate date, RunCounts counts, String runId) {
    StructType columns = withoutPartition(quarantine.schema());
    return settings.publish().mode() == Settings.PublishMode.SWAP
        ? writer.writeRun(PausePoints.whileWriting(PausePoints.QUARANTINE_WRITE, quarantine.coalesce(1)),
            quarantineLocation(), date.toString(), runId,
            counts.quarantined(), layout.rowGroupBytes(), columns)
        : writer.overwrite(quarantine.coalesce(1), quarantineLocation(), date.toString(),
            counts.quarantined(), layout.rowGroupBytes(), columns);
  }

  /** The run record content of a run's quarantine partition. */
  private static DateResult quarantineResult(DateResult beta, WrittenPartition quar, String status) {
    return new DateResult(beta.date(), status, beta.exitCode(), beta.message(), beta.inputFiles(), beta.inputBytes(),
        beta.counts(), quar.files().size(), quar.bytes(), quar.location(), beta.seconds(),
        List.of("quarantine rows of the run (" + quar.rows() + " row(s))"), Map.of());
  }

  /**
   * Publishes the late events of this dump into their own dates ({@code publish.late-events =
   * merge}); they stay counted as quarantined ({@code late_event}) for this date. Each merged date
   * is locked, then published through the same commit protocol as a run of its own, with its own
   * run record ({@code date=<event date>/run=<this date's run id>}).
   */
  private void mergeLate(Dataset<Row> classified, Conformed conformed, LocalDate date, String runId,
      StructType dataColumns, PartitionWriter writer, List<String> notes, Map<String, Long> metrics) {
    Dataset<Row> late = Classified.written(
        classified.filter(col(Classified.REASON).equalTo("late_event")).withColumn(Classified.DISPOSITION,
            lit(Classified.WRITTEN)), conformed.columns());
    LateEventMerge merge = new LateEventMerge(spark, catalog, writer, layout, job.table(), tableLocation(),
        job.conform() == null ? List.of() : job.conform().dedupeKey());
    String table = job.table().qualified();
    RunCommit commit = new RunCommit() {
      @Override
      public AutoCloseable lock(String lateDate) {
        // In a backfill, the earlier date may be one this command is writing right now.
        long start = System.nanoTime();
        DateLocks.Lease lease = locks().acquireAfter(table, lateDate, runId, holder -> sameCommand(holder, runId),
            Duration.ofSeconds(2));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        if (waitedMs >= 1_000) {
          notes.add(String.format(java.util.Locale.ROOT, "waited %.1f s for date=%s, which this command was writing,"
              + " before merging its late events", waitedMs / 1000.0, lateDate));
        }
        return lease;
      }

      @Override
      public void publish(String lateDate, WrittenPartition run, long addedRows, Runnable catalogCall) {
        DateResult merged = new DateResult(lateDate, "succeeded", ExitCode.OK.code(), null, 0, 0, null,
            run.files().size(), run.bytes(), run.location(), 0,
            List.of("late events merged from the dump of " + date + ": " + addedRows + " new row(s), "
                + run.rows() + " in all"), Map.of());
        writeRecord(runId, RunLedger.PUBLISHING, merged, List.of());
        try {
          catalogCall.run();
        } catch (RuntimeException e) {
          writeRecord(runId, RunLedger.FAILED, new DateResult(lateDate, "failed", ExitCode.TRANSIENT.code(),
              "Cannot publish the late events of " + date + " into " + table + " date=" + lateDate + ": "
                  + e.getMessage(), 0, 0, null, 0, 0, null, 0, merged.notes(), Map.of()), List.of());
          throw e;
        }
        writeRecord(runId, RunLedger.PUBLISHED, merged, List.of());
        parkOthers(storage(job.table()), lateDate, run.location());
      }
    };
    long added = 0;
    for (LateEventMerge.Outcome o : merge.merge(late, dataColumns, runId, commit)) {
      added += o.added();
      if (o.written() == null) {
        notes.add(o.lateRows() + " late event(s) for date=" + o.date() + " were already published there");
        continue;
      }
      notes.add("merged " + o.added() + " of " + o.lateRows() + " late event(s) into date=" + o.date() + " ("
          + o.written().location() + ")");
    }
    if (added > 0) {
      metrics.put("late_merged", added);
    }
  }

  private static String topReasons(Map<String, Long> byReason) {
    return byReason.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(3)
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private void writeRecord(String runId, String status, DateResult result, List<InputFile> files) {
    writeRecord(job.table().qualified(), runId, status, result, files);
  }

  private void writeRecord(String table, String runId, String status, DateResult result, List<InputFile> files) {
    Map<String, Long> inputs = new LinkedHashMap<>();
    files.forEach(f -> inputs.put(f.path(), f.bytes()));
    try {
      new RunLedger(hadoopConf(), settings.lakeRoot())
          .record(job.name(), table, runId, status, result, inputs);
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT,
          "Cannot write the run record for " + table + " date=" + result.date()
              + " under " + settings.lakeRoot() + "/_feedlake/runs: " + e.getMessage(), e);
    }
  }

  private static StructType withoutPartition(StructType schema) {
    StructType out = new StructType();
    for (StructField f : schema.fields()) {
      if (!f.name().equals(PartitionLayout.PARTITION_COLUMN)) {
        out = out.add(f);
      }
    }
    return out;
  }

  private Configuration hadoopConf() {
    return spark.sparkContext().hadoopConfiguration();
  }

  private String qualify(Path p) {
    try {
      return p.getFileSystem(hadoopConf()).makeQualified(p).toString();
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot reach " + p + ": " + e.getMessage(), e);
    }
  }
}
