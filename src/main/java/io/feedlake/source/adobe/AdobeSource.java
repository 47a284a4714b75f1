package io.feedlake.source.adobe;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.ConfigException;
import io.feedlake.config.JobSpec.AdobeSourceSpec;
import io.feedlake.config.JobSpec.LabelSpec;
import io.feedlake.config.JobSpec.LookupSpec;
import io.feedlake.config.JobSpec.PartitionDate;
import io.feedlake.config.JobSpec.Schedule;
import io.feedlake.conform.Outcomes;
import io.feedlake.conform.UnitShape;
import io.feedlake.conform.Units;
import io.feedlake.layout.PartitionLayout;
import io.feedlake.source.FeedSource;
import io.feedlake.source.InputFile;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads Adobe Analytics Data Feed deliveries (FEEDS.md section 1; Adobe Experience League,
 * "Data feed contents - overview", "Special characters in data feeds", "Data column reference")
 * for one report suite: one row per hit, columns named by the delivery's column_headers.tsv.
 *
 * <p>Per date, and in this order (as {@link io.feedlake.ingest.IngestRunner} calls it): {@link
 * #list} finds the delivery on the driver ({@link Delivery#find}: manifest, sizes, missing and
 * unlisted files) and reads the lookup archive there ({@link LookupArchive}, MD5 checked);
 * {@link #read} plans the read of the data files on executors, one task per file, streamed
 * ({@link HitFileRows}), with each file's MD5 computed over its compressed bytes during the same
 * pass; {@link #verify}, called after the counting pass and before anything is written, checks
 * the digests, every {@code Record-Count} and {@code Total-Records}. The object keeps the state
 * of the date being ingested between these calls, so one instance serves one date at a time.
 *
 * <p>What conform then does with the hits ({@link io.feedlake.conform.ColumnsClassifier}, given
 * this source's {@link UnitShape.Columns}): blank lines are skipped ({@code blank}); records with
 * the wrong number of fields ({@code wrong_field_count}) or a typed column that does not parse
 * ({@code invalid_value}), both found by the reader, or no value in the column deciding the day
 * ({@code missing_event_time}) are quarantined; among
 * the rest, records with the same ({@code hitid_high}, {@code hitid_low}) are duplicates except
 * the first by file name and record index (Adobe: unique "in almost all cases"); kept hits of
 * another day than the delivery date are quarantined ({@code late_event}, {@code early_event});
 * the others are written. Excluded hits ({@code exclude_hit > 0}) and data source hits are
 * written like any other: reports filter them. The plan shuffles once (deduplication).
 *
 * <p>Every feature that needs a column checks for it by name in the delivery and, when it is
 * absent, is skipped with a note in the run summary; no column is invented.
 */
public final class AdobeSource implements FeedSource {
  private static final String EVENT_FILE = "event.tsv";

  private final AdobeSourceSpec spec;
  private Prepared prepared;
  private CollectionAccumulator<FileDigest> digests;
  private final List<String> notes = new ArrayList<>();

  /** The delivery of the date being ingested, as {@link #list} found it. */
  private record Prepared(LocalDate date, Delivery delivery, Lookups lookups) {}

  /** What the delivery's lookup files hold: column names, lookup tables, notes. */
  private record Lookups(List<String> columns, Map<String, Map<String, String>> tables, List<String> notes) {}

  /** @param spec validated source settings */
  public AdobeSource(AdobeSourceSpec spec) {
    this.spec = spec;
  }

  @Override
  public String describe(LocalDate date) {
    if (spec.schedule() == Schedule.HOURLY) {
      return "Adobe Analytics hourly deliveries " + new Path(spec.path(), spec.reportSuite() + "_"
          + date.format(DateTimeFormatter.BASIC_ISO_DATE) + "-<HHMMSS>.txt");
    }
    return "Adobe Analytics delivery " + new Path(spec.path(), Delivery.manifestName(spec.reportSuite(), date));
  }

  @Override
  public List<LocalDate> availableDates(Configuration conf) {
    return Delivery.dates(fileSystem(conf), new Path(spec.path()), spec.reportSuite(), spec.schedule(), acceptance());
  }

  /**
   * Finds the delivery of a date and reads its lookup archive. Runs on the driver.
   *
   * @return the data files, sorted by name (none for an empty period)
   * @throws FeedlakeException exit 4 when the manifest is not there yet (naming it); exit 3 when
   *     the manifest does not parse, a listed file is missing or has another size or digest, a
   *     data file is not listed, or the columns cannot be named; exit 5 on storage errors
   */
  @Override
  public List<InputFile> list(Configuration conf, LocalDate date) {
    FileSystem fs = fileSystem(conf);
    Path dir = new Path(spec.path());
    Delivery delivery = spec.schedule() == Schedule.HOURLY
        ? Delivery.findHourly(fs, dir, spec.reportSuite(), date, spec.timeZone(), acceptance())
        : Delivery.find(fs, dir, spec.reportSuite(), date, acceptance());
    Lookups lookups = readLookups(fs, delivery);
    if (lookups.columns().isEmpty()) {
      throw FeedlakeException.dataContract(
          "Adobe delivery " + describe(date) + " has no " + LookupArchive.COLUMN_HEADERS + " in its lookup"
              + " archive (lookup files: " + delivery.lookupFiles().stream().map(Delivery.DeliveredFile::name).toList()
              + "; a single-file delivery's data archive is searched when there is none): the columns of its"
              + " data files cannot be named");
    }
    prepared = new Prepared(date, delivery, lookups);
    return delivery.dataFiles().stream().map(f -> new InputFile(f.path(), f.size())).toList();
  }

  /**
   * Reads the lookups: from the delivery's lookup files, or, when it has none (single-file
   * deliveries), from the lookup members of its first data archive. Every lookup archive must
   * name the same columns (an hourly day brings one per hour that has one).
   */
  private Lookups readLookups(FileSystem fs, Delivery delivery) {
    Set<String> members = new HashSet<>();
    spec.lookups().forEach(l -> members.add(l.file()));
    members.add(EVENT_FILE);
    List<Delivery.DeliveredFile> sources = delivery.lookupFiles();
    List<String> lookupNotes = new ArrayList<>();
    if (sources.isEmpty()) {
      sources = delivery.dataFiles().stream()
          .filter(f -> Packaging.isArchive(f.name())).limit(1).toList();
      sources.forEach(f -> lookupNotes.add("no separate lookup file: column names and lookups were read from the"
          + " data archive " + f.name()));
    }
    List<String> columns = new ArrayList<>();
    String columnsFrom = null;
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    Map<String, FileDigest> read = new HashMap<>();
    int latin1 = 0;
    for (Delivery.DeliveredFile f : sources) {
      Path p = new Path(f.path());
      LookupArchive a;
      try {
        a = LookupArchive.read(fs.open(p), f.path(), members);
      } catch (IOException e) {
        throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot read lookup file " + p + ": " + e.getMessage(), e);
      }
      read.put(f.path(), a.digest());
      if (columns.isEmpty()) {
        columns.addAll(a.columns());
        columnsFrom = f.path();
      } else if (!a.columns().isEmpty() && !a.columns().equals(columns)) {
        throw FeedlakeException.dataContract("Adobe delivery " + describe(delivery.date()) + ": the "
            + LookupArchive.COLUMN_HEADERS + " of " + f.path() + " (" + a.columns().size() + " columns) differs"
            + " from that of " + columnsFrom + " (" + columns.size() + " columns): the feed's columns changed"
            + " within the delivery, so its data files cannot be read as one table");
      }
      a.tables().forEach(tables::putIfAbsent);
      lookupNotes.addAll(a.notes());
      latin1 += a.latin1Values();
    }
    delivery.requireLookupsIntact(read);
    if (latin1 > 0) {
      lookupNotes.add(latin1 + " lookup value(s) were not valid UTF-8 and were decoded as ISO-8859-1");
    }
    return new Lookups(List.copyOf(columns), tables, lookupNotes);
  }

  /**
   * Plans the read of the data files: a lazy plan with one row per record, typed by the
   * delivery's column_headers.tsv, and its shape ({@link UnitShape.Columns}: the output columns,
   * the column that decides a hit's day, and the dedupe key {@code hitid_high, hitid_low}).
   * Renames and labels are applied here, as part of the table's columns. The MD5 digests of the
   * files are collected while the plan runs and checked by {@link #verify}.
   *
   * @throws FeedlakeException exit 3 when column_headers.tsv names a column twice or a column
   *     feedlake reserves
   * @throws ConfigException exit 2 when a configured lookup, label or rename collides with a
   *     delivered column
   */
  @Override
  public Units read(SparkSession spark, List<InputFile> files, LocalDate date) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (prepared == null || !prepared.date().equals(date)) {
      list(hadoop, date);
    }
    notes.clear();
    notes.addAll(prepared.lookups().notes());
    List<String> columns = prepared.lookups().columns();
    requireUsableNames(columns);
    HitConverter converter = converter(columns, date);

    SerializableConfiguration conf = new SerializableConfiguration(hadoop);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<HitConverter> broadcast = jsc.broadcast(converter);
    CollectionAccumulator<FileDigest> acc =
        spark.sparkContext().collectionAccumulator("adobe data file digests " + date);
    digests = acc;
    Set<String> delivered = new HashSet<>();
    prepared.delivery().dataFiles().forEach(f -> delivered.add(f.path()));
    List<String> paths = files.stream().map(InputFile::path).filter(delivered::contains).toList();
    JavaRDD<Row> rows =
        jsc.parallelize(paths, Math.max(1, paths.size()))
            .flatMap(path -> new HitFileRows(conf.value(), path, broadcast.value(), acc));

    // The delivery's columns, then the derived ones, with source.rename applied to the names.
    List<String> out = new ArrayList<>(columns);
    out.addAll(converter.derivedColumns());
    Map<String, String> renamed = new HashMap<>();
    List<String> renameNotes = new ArrayList<>();
    for (Map.Entry<String, String> r : new TreeMap<>(spec.rename()).entrySet()) {
      int at = out.indexOf(r.getKey());
      if (at < 0) {
        renameNotes.add("rename " + r.getKey() + " -> " + r.getValue() + " skipped: column " + r.getKey()
            + " is not in this delivery");
      } else {
        requireNew("source.rename", r.getValue(), out);
        out.set(at, r.getValue());
        renamed.put(r.getKey(), r.getValue());
      }
    }
    StructType schema = new StructType();
    for (StructField f : converter.schema().fields()) {
      schema = schema.add(renamed.getOrDefault(f.name(), f.name()), f.dataType(), f.nullable());
    }
    Dataset<Row> hits = spark.createDataFrame(rows, schema);
    List<Column> labels = new ArrayList<>();
    for (LabelSpec label : spec.labels()) {
      if (!columns.contains(label.column())) {
        notes.add("label " + label.name() + " skipped: column " + label.column() + " is not in this delivery");
      } else {
        requireNew("source.labels", label.name(), out);
        labels.add(labelColumn(label, renamed.getOrDefault(label.column(), label.column())).alias(label.name()));
        out.add(label.name());
      }
    }
    notes.addAll(renameNotes);
    if (!labels.isEmpty()) {
      List<Column> all = new ArrayList<>();
      for (String f : hits.columns()) {
        all.add(col(quote(f)));
      }
      all.addAll(labels);
      hits = hits.select(all.toArray(Column[]::new));
    }
    List<String> key = columns.contains("hitid_high") && columns.contains("hitid_low")
        ? List.of(renamed.getOrDefault("hitid_high", "hitid_high"), renamed.getOrDefault("hitid_low", "hitid_low"))
        : List.of();
    String day = dayColumn(columns);
    String dayTime = day == null ? null : day.equals("date_time") ? "date_time" : HitConverter.HIT_TIME_UTC;
    UnitShape.EventDay dating = new UnitShape.EventDay(
        dayTime == null ? null : renamed.getOrDefault(dayTime, dayTime),
        spec.partitionDate() == PartitionDate.LOCAL ? spec.timeZone() : ZoneOffset.UTC,
        day, wording(day));
    return new Units(hits, new UnitShape.Columns(out, dating, key));
  }

  /**
   * The delivered column that decides a hit's day: with {@code partition-date = local}, {@code
   * date_time} (the report suite's local time) or, without it, {@code hit_time_gmt}; with {@code
   * utc}, {@code hit_time_gmt} or, without it, {@code date_time}. Null when neither is delivered.
   * Source: Adobe's data feed column reference
   * (https://experienceleague.adobe.com/docs/analytics/export/analytics-data-feed/data-feed-contents/datafeeds-reference.html).
   */
  private String dayColumn(List<String> columns) {
    boolean local = columns.contains("date_time");
    boolean gmt = columns.contains("hit_time_gmt");
    if (spec.partitionDate() == PartitionDate.LOCAL) {
      return local ? "date_time" : gmt ? "hit_time_gmt" : null;
    }
    return gmt ? "hit_time_gmt" : local ? "date_time" : null;
  }

  /** This source's shape comes with each delivery: see {@link #read}. */
  @Override
  public UnitShape shape() {
    return null;
  }

  /** Builds the per-record converter, noting every feature the delivery's columns do not allow. */
  private HitConverter converter(List<String> columns, LocalDate date) {
    List<HitType> types = columns.stream().map(c -> HitType.of(c, spec.eventLists())).toList();
    Map<String, Map<String, String>> tables = prepared.lookups().tables();
    List<HitConverter.Lookup> lookups = new ArrayList<>();
    for (LookupSpec l : spec.lookups()) {
      if (!columns.contains(l.column())) {
        notes.add("lookup " + l.name() + " skipped: column " + l.column() + " is not in this delivery");
      } else if (!tables.containsKey(l.file())) {
        notes.add("lookup " + l.name() + " skipped: " + l.file() + " is not in the lookup archive");
      } else {
        requireNew("source.lookups", l.name(), columns);
        lookups.add(new HitConverter.Lookup(l.name(), columns.indexOf(l.column()), tables.get(l.file())));
      }
    }
    Map<Integer, String> eventNames = new HashMap<>();
    List<String> eventLists = spec.eventLists().stream().filter(columns::contains).toList();
    spec.eventLists().stream().filter(c -> !columns.contains(c)).forEach(c ->
        notes.add("event list " + c + " not decoded: the column is not in this delivery"));
    if (!eventLists.isEmpty()) {
      Map<String, String> events = tables.get(EVENT_FILE);
      if (events == null) {
        notes.add(EVENT_FILE + " is not in the lookup archive: event names in " + eventLists + " are null");
      } else {
        events.forEach((id, name) -> {
          if (id.length() <= 9 && id.chars().allMatch(Character::isDigit)) {
            eventNames.put(Integer.parseInt(id), name);
          }
        });
      }
    }
    if (!columns.contains("hit_time_gmt")) {
      notes.add("no hit_time_gmt column: " + HitConverter.HIT_TIME_UTC + " is not added");
    }
    if (!columns.contains("hitid_high") || !columns.contains("hitid_low")) {
      notes.add("no hitid_high/hitid_low columns: hits are not deduplicated");
    }
    HitConverter converter = new HitConverter(columns, types, spec.timeZone(), lookups, eventNames);
    String day = dayColumn(columns);
    if (day == null) {
      notes.add("neither date_time nor hit_time_gmt is delivered: every hit is dated " + date);
    } else if (spec.partitionDate() == PartitionDate.LOCAL && !day.equals("date_time")) {
      notes.add("no date_time column: a hit's day is the local day of hit_time_gmt in " + spec.timeZone());
    } else if (spec.partitionDate() == PartitionDate.UTC && !day.equals("hit_time_gmt")) {
      notes.add("no hit_time_gmt column: a hit's day is the UTC day of date_time (read in "
          + spec.timeZone() + ")");
    }
    return converter;
  }

  /** How late/early messages name a hit's day: as the partition date setting derives it. */
  private UnitShape.DayWording wording(String dayColumn) {
    String how = dayColumn == null ? "the delivery date"
        : spec.partitionDate() == PartitionDate.LOCAL ? "local day of " + dayColumn + " in " + spec.timeZone()
        : "UTC day of " + dayColumn;
    return new UnitShape.DayWording("hit day", how, "delivery date");
  }

  private static Column labelColumn(LabelSpec label, String column) {
    Column code = col(quote(column)).cast("string");
    Column out = null;
    for (Map.Entry<String, String> e : new TreeMap<>(label.values()).entrySet()) {
      out = out == null ? when(code.equalTo(e.getKey()), lit(e.getValue()))
          : out.when(code.equalTo(e.getKey()), lit(e.getValue()));
    }
    Column otherwise = lit(label.otherwise()).cast("string");
    return out == null ? otherwise : out.otherwise(otherwise);
  }

  /**
   * Column names must be usable as beta columns: unique regardless of case (Hive and Glue
   * lower-case them) and none that feedlake adds or reserves.
   */
  private static void requireUsableNames(List<String> columns) {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      String lower = c.toLowerCase(Locale.ROOT);
      if (c.isEmpty()) {
        problems.add("an empty column name");
      } else if (!seen.add(lower)) {
        problems.add("column " + c + " named twice");
      } else if (lower.equals(PartitionLayout.PARTITION_COLUMN) || lower.equals(HitConverter.HIT_TIME_UTC)
          || lower.startsWith("_")) {
        problems.add("column " + c + ", which feedlake reserves (date, hit_time_utc, names starting with _)");
      }
    }
    if (!problems.isEmpty()) {
      throw FeedlakeException.dataContract(
          "Cannot use the column_headers.tsv of this Adobe delivery: it has " + String.join("; ", problems));
    }
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static void requireNew(String key, String name, List<String> columns) {
    if (columns.stream().anyMatch(c -> c.equalsIgnoreCase(name))) {
      throw new ConfigException(List.of(
          key + ": output column '" + name + "' is already a column of this delivery (choose another name)"));
    }
  }

  /**
   * Checks the delivery against what was read: each data file's MD5 and size, decompression,
   * {@code Record-Count} and {@code Total-Records} (see {@link Delivery#verify}).
   *
   * @return notes: how the delivery was verified, and every feature skipped for a missing column
   * @throws FeedlakeException exit 3 listing every mismatch with the file, the manifest's value
   *     and the actual value
   */
  @Override
  public List<String> verify(Map<String, Long> recordsPerFile) {
    Map<String, FileDigest> read = new HashMap<>();
    // A task re-run after a failure adds its digest again; equal entries per path are expected.
    digests.value().forEach(d -> read.put(d.path(), d));
    List<String> out = new ArrayList<>(prepared.delivery().verify(read, recordsPerFile));
    out.addAll(notes);
    return out;
  }

  private Delivery.Acceptance acceptance() {
    return new Delivery.Acceptance(spec.allowFin(), spec.allowUnmarked());
  }

  private FileSystem fileSystem(Configuration conf) {
    Path dir = new Path(spec.path());
    try {
      return dir.getFileSystem(conf);
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot reach " + dir + ": " + e.getMessage(), e);
    }
  }
}
