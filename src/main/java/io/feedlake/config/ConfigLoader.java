package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.feedlake.config.JobSpec.AdobeSourceSpec;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.config.JobSpec.ConnectDateSelection;
import io.feedlake.config.JobSpec.ConnectFormat;
import io.feedlake.config.JobSpec.ConsoleFormat;
import io.feedlake.config.JobSpec.DelimitedSourceSpec;
import io.feedlake.config.JobSpec.KafkaConnectS3SourceSpec;
import io.feedlake.config.JobSpec.KafkaConsoleSourceSpec;
import io.feedlake.config.JobSpec.EventTimeFormat;
import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.config.JobSpec.LabelSpec;
import io.feedlake.config.JobSpec.LayoutSpec;
import io.feedlake.config.JobSpec.LookupSpec;
import io.feedlake.config.JobSpec.PartitionDate;
import io.feedlake.config.JobSpec.ReadyMode;
import io.feedlake.config.JobSpec.ReadyRule;
import io.feedlake.config.JobSpec.Schedule;
import io.feedlake.config.JobSpec.SourceSpec;
import io.feedlake.config.JobSpec.TableName;
import com.typesafe.config.ConfigUtil;
import io.feedlake.config.Settings.CatalogSettings;
import io.feedlake.config.Settings.CatalogType;
import io.feedlake.config.Settings.ReportSettings;
import io.feedlake.config.Settings.SparkSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads HOCON configuration and validates it into immutable records. This is the only class that
 * touches Typesafe Config. Layering, highest priority first: {@code --set} overrides, {@code
 * jobs/<job>.conf} (for job commands), {@code conf/application.conf} or {@code --conf-file}, and
 * {@code reference.conf} from the jar. Validation collects every problem before failing with one
 * {@link ConfigException} (exit code 2).
 */
public final class ConfigLoader {
  /** Keys whose children are free-form and therefore not checked against reference.conf. */
  private static final Set<String> FREE_FORM =
      Set.of("spark.conf", "source.rename", "conform.sanitize.max-bytes", "conform.cast", "conform.rename",
          "conform.derive", "conform.filter");

  /** Upper bound of report.max-rows: results are collected on the driver. */
  private static final long MAX_REPORT_ROWS = 10_000_000L;

  /** The Spark SQL session time zone setting, which must stay UTC. */
  private static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  /** Report suite ids as they appear in Adobe file names. */
  private static final Pattern REPORT_SUITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Output columns the Adobe source adds or reserves besides the delivery's own. */
  private static final Set<String> ADOBE_RESERVED = Set.of("date", "hit_time_utc");

  /** Keys only kcat sources read; they have no default, so setting one for Adobe is a mistake. */
  private static final List<String> KCAT_ONLY_KEYS =
      List.of("source.topic", "source.schema.ddl", "source.schema.avsc", "conform.event-time.field");

  /** Names of {@code conform.event-time.format} besides a pattern. */
  private static final Map<String, EventTimeFormat> EVENT_TIME_KEYWORDS =
      Map.of(
          "iso8601", EventTimeFormat.ISO8601,
          "epoch-seconds", EventTimeFormat.EPOCH_SECONDS,
          "epoch-millis", EventTimeFormat.EPOCH_MILLIS,
          "epoch-micros", EventTimeFormat.EPOCH_MICROS,
          "epoch-ms", EventTimeFormat.EPOCH_MILLIS,
          "epoch-s", EventTimeFormat.EPOCH_SECONDS);

  private static final String EVENT_TIME_FORMATS =
      "iso8601, epoch-seconds, epoch-millis, epoch-micros, or a java.time DateTimeFormatter pattern such as "
          + "EEE MMM dd HH:mm:ss Z yyyy";

  /** Job keys with a default that an Adobe job does not read; set to another value, they are a problem. */
  private static final List<String> ADOBE_UNUSED_WITH_DEFAULTS =
      List.of("source.drop", "conform.event-time.format", "conform.event-time.zone", "conform.event-time.locale",
          "conform.event-time.date-only", "conform.dedupe.key", "conform.dedupe.keep");

  /** Values of {@code source.type}. */
  private static final List<String> SOURCE_TYPES = SourceTypes.known();

  /** File endings read when {@code source.extensions} is empty, per source type. */
  private static final Map<String, List<String>> DEFAULT_EXTENSIONS =
      Map.of(
          "kafka-json", List.of(".json", ".jsonl", ".json.gz", ".jsonl.gz"),
          "kafka-console", List.of(".txt", ".log", ".txt.gz", ".log.gz"),
          "delimited", List.of(".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz"));

  private final Path home;
  private final Config reference;
  private final Config base;
  private final Config overrides;
  private final Map<String, String> overrideTexts;

  private ConfigLoader(
      Path home, Config reference, Config base, Config overrides, Map<String, String> overrideTexts) {
    this.home = home;
    this.reference = reference;
    this.base = base;
    this.overrides = overrides;
    this.overrideTexts = overrideTexts;
  }

  /**
   * Reads the configuration files; nothing is validated yet.
   *
   * @param home installation directory ({@code conf/} and {@code jobs/} below it)
   * @param confFile a file used instead of {@code <home>/conf/application.conf}, or null
   * @param overrides {@code key=value} overrides in command-line order; each value is read as a
   *     HOCON value when it is one (a quoted string, which is unquoted, a list, an object, a
   *     number, {@code true}, {@code false} or {@code null}); any other text is taken literally as
   *     a string, so that {@code s3a://bucket/x} is not cut at {@code //}, which HOCON reads as a
   *     comment
   * @throws ConfigException if a file is missing or not valid HOCON, or an override is invalid
   */
  public static ConfigLoader load(Path home, Path confFile, Map<String, String> overrides) {
    List<String> problems = new ArrayList<>();
    Config reference = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf");
    Path appFile = confFile != null ? confFile : home.resolve("conf/application.conf");
    Config base = ConfigFactory.empty();
    if (Files.isRegularFile(appFile)) {
      base = parseFile(appFile, problems);
    } else if (confFile != null) {
      problems.add("--conf-file: file " + confFile + " does not exist");
    }
    Config over = ConfigFactory.empty();
    Map<String, String> overrideTexts = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String origin = WrittenOrder.OVERRIDE_ORIGIN + (++i) + " " + e.getKey();
      try {
        over = overrideValue(e.getKey(), e.getValue(), origin, overrideTexts).withFallback(over);
      } catch (com.typesafe.config.ConfigException ex) {
        problems.add(
            "--set " + e.getKey() + "=" + e.getValue() + ": not a valid override (" + ex.getMessage()
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ConfigLoader(home.toAbsolutePath().normalize(), reference, base, over, overrideTexts);
  }

  /** Unquoted text that HOCON reads as a number, a boolean or null rather than a string. */
  private static final Pattern HOCON_LITERAL =
      Pattern.compile("true|false|null|-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private static Config overrideValue(
      String key, String value, String origin, Map<String, String> texts) {
    String trimmed = value.trim();
    ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(origin);
    if (trimmed.startsWith("[") || trimmed.startsWith("{") || trimmed.startsWith("\"")
        || HOCON_LITERAL.matcher(trimmed).matches()) {
      String text = "x = " + trimmed;
      texts.put(origin, text);
      ConfigValue v = ConfigFactory.parseString(text, options).root().get("x");
      if (v == null) {
        throw new com.typesafe.config.ConfigException.BadValue(key, "no value after '='");
      }
      return v.atPath(key);
    }
    texts.put(origin, value);
    return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value, origin));
  }

  private static Config parseFile(Path file, List<String> problems) {
    try {
      return ConfigFactory.parseFile(
          file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (com.typesafe.config.ConfigException e) {
      problems.add(file + ": cannot be parsed as HOCON: " + e.getMessage());
      return ConfigFactory.empty();
    }
  }

  /**
   * Validates the application-wide settings.
   *
   * @throws ConfigException listing every problem
   */
  public Settings settings() {
    Problems p = new Problems();
    Config c = resolve(ConfigFactory.empty(), p);
    Settings s = settings(c, p);
    p.throwIfAny();
    return s;
  }

  /** Names of the jobs defined in the jobs directory ({@code <name>.conf}), sorted. */
  public List<String> jobNames() {
    Path dir = Paths.get(settings().jobsDir());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".conf"))
          .map(n -> n.substring(0, n.length() - ".conf".length()))
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new ConfigException(List.of("jobs.dir: cannot list " + dir + ": " + e.getMessage()));
    }
  }

  /**
   * Validates a job: {@code jobs/<name>.conf} layered between the overrides and the application
   * config.
   *
   * @throws ConfigException if the job file is missing or any job or application key is invalid
   */
  public JobSpec job(String name) {
    Path jobFile = jobFile(name);
    Problems p = new Problems();
    if (!Files.isRegularFile(jobFile)) {
      p.add("job '" + name + "': no file " + jobFile + " (jobs available: " + jobNames() + ")");
      p.throwIfAny();
    }
    List<String> parseProblems = new ArrayList<>();
    Config jobConfig = parseFile(jobFile, parseProblems);
    parseProblems.forEach(p::add);
    p.throwIfAny();
    Config c = resolve(jobConfig, p);
    Settings settings = settings(c, p);
    JobSpec job = job(name, c, settings, p);
    ChecksSpec.read(c, p.list);
    p.throwIfAny();
    return job;
  }

  /**
   * The data-quality checks of a job ({@code checks.*}), validated with the rest of the job.
   *
   * @throws ConfigException if the job or its checks are invalid
   */
  public ChecksSpec checks(String name) {
    job(name);
    Problems p = new Problems();
    ChecksSpec checks = ChecksSpec.read(resolve(parseFile(jobFile(name), new ArrayList<>()), p), p.list);
    p.throwIfAny();
    return checks;
  }

  /** {@code <jobs.dir>/<name>.conf}; a jobs.dir that is not a string is reported with the others. */
  private Path jobFile(String name) {
    // The jobs directory comes from the application layers; their own problems are reported
    // together with the job's.
    Problems p = new Problems();
    String dir = p.string(resolve(ConfigFactory.empty(), p), "jobs.dir", "a directory");
    if (dir == null) {
      settings();
      p.throwIfAny();
    }
    return NamedFiles.inside(absolute(dir), name, ".conf", "job");
  }

  /** The written order of this loader's layers, with the job file's URL when there is one. */
  private WrittenOrder order(Path jobFile) {
    String url = jobFile == null ? null : jobFile.toUri().toString();
    return new WrittenOrder(url, overrideTexts);
  }

  private Config resolve(Config jobLayer, Problems p) {
    Config homeLayer =
        ConfigFactory.empty().withValue("feedlake.home", ConfigValueFactory.fromAnyRef(home.toString()));
    Config merged =
        overrides.withFallback(jobLayer).withFallback(base).withFallback(homeLayer).withFallback(reference);
    try {
      merged = merged.resolve();
    } catch (com.typesafe.config.ConfigException e) {
      p.add("cannot resolve substitutions: " + e.getMessage());
      p.throwIfAny();
    }
    checkUnknownKeys(merged, reference.withFallback(homeLayer).resolve(), p);
    return merged;
  }

  private static void checkUnknownKeys(Config merged, Config resolvedReference, Problems p) {
    Set<String> known = new TreeSet<>();
    leafPaths(resolvedReference.root(), "", known);
    Set<String> actual = new TreeSet<>();
    leafPaths(merged.root(), "", actual);
    for (String key : actual) {
      if (known.contains(key) || key.startsWith("feedlake.")) {
        continue;
      }
      boolean freeForm = FREE_FORM.stream().anyMatch(f -> key.startsWith(f + "."));
      if (!freeForm) {
        p.add(key + ": unknown key" + suggestion(key, known));
      }
    }
  }

  private static String suggestion(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = editDistance(key, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best != null && bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** Collects leaf paths including those whose value is null (entrySet() would skip them). */
  private static void leafPaths(ConfigObject obj, String prefix, Set<String> out) {
    for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
      String path = prefix.isEmpty() ? quoteKey(e.getKey()) : prefix + "." + quoteKey(e.getKey());
      if (e.getValue().valueType() == ConfigValueType.OBJECT && !FREE_FORM.contains(path)) {
        leafPaths((ConfigObject) e.getValue(), path, out);
      } else {
        out.add(path);
      }
    }
  }

  private static String quoteKey(String key) {
    return key.contains(".") ? "\"" + key + "\"" : key;
  }

  private Settings settings(Config c, Problems p) {
    String lakeRoot = absolute(p.string(c, "lake.root", "a directory or URI"));
    String jobsDir = absolute(p.string(c, "jobs.dir", "a directory"));
    CatalogType type =
        p.enumValue(c, "catalog.type", CatalogType.class, "embedded, hive, glue", CatalogType.EMBEDDED);
    String db = p.string(c, "catalog.default-database", "a database name");
    p.identifier("catalog.default-database", db);
    String embeddedDir = absolute(p.string(c, "catalog.embedded.dir", "a local directory"));
    // Glue's local mirror is an embedded metastore too; the flag is validated (and reported) by glue().
    Settings.GlueSettings glue = glue(c, p);
    boolean mirror = type == CatalogType.GLUE && glue.mirrorEmbedded();
    if ((type == CatalogType.EMBEDDED || mirror) && embeddedDir != null && hasScheme(embeddedDir)
        && !embeddedDir.startsWith("file:")) {
      p.add(
          "catalog.embedded.dir: the embedded Derby metastore needs a local directory (got "
              + embeddedDir + "); set catalog.embedded.dir to a local path");
    }
    String master = p.string(c, "spark.master", "a Spark master URL such as local[*]");
    String appName = p.string(c, "spark.app-name", "a name");
    Map<String, String> sparkConf = new LinkedHashMap<>();
    ConfigObject sparkObject = p.object(c, "spark.conf", "an object of Spark settings such as { \"spark.ui.enabled\" = \"false\" }");
    if (sparkObject != null) {
      for (Map.Entry<String, ConfigValue> e : order(null).entries(sparkObject)) {
        ConfigValue v = e.getValue();
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
            || v.valueType() == ConfigValueType.NULL) {
          p.add("spark.conf.\"" + e.getKey() + "\": expected a Spark setting's value (quote keys with dots, "
              + "e.g. \"spark.ui.enabled\" = \"false\"), got " + v.render(ConfigRenderOptions.concise()));
        } else {
          sparkConf.put(e.getKey(), String.valueOf(v.unwrapped()));
        }
      }
    }
    String sessionZone = sparkConf.get(SESSION_TIME_ZONE);
    if (sessionZone != null && !isUtc(sessionZone)) {
      p.add("spark.conf.\"" + SESSION_TIME_ZONE + "\": '" + sessionZone + "' is not UTC; feedlake needs a UTC "
          + "session time zone (event times, casts and partition dates are computed in UTC and then in "
          + "conform.event-time.zone); remove the setting or set it to UTC");
    }
    String reportDir = absolute(p.string(c, "report.dir", "a directory"));
    long maxRowsValue = p.positiveLong(c, "report.max-rows", "a positive row count");
    if (maxRowsValue > MAX_REPORT_ROWS) {
      p.add("report.max-rows: " + maxRowsValue + " is more rows than the driver should collect (expected at most "
          + MAX_REPORT_ROWS + "; write large results with Spark instead)");
    }
    int maxRows = (int) Math.min(maxRowsValue, MAX_REPORT_ROWS);
    long maxScan = p.bytes(c, "report.max-scan-bytes");
    Settings.PartitionFilterPolicy filterPolicy =
        p.enumValue(c, "report.partition-filter", Settings.PartitionFilterPolicy.class, "refuse, warn, off",
            Settings.PartitionFilterPolicy.REFUSE);
    String viewsDir = absolute(p.string(c, "report.views-dir", "a directory"));
    String viewsDb = p.string(c, "report.views-database", "a database name");
    if (viewsDb != null && viewsDb.isEmpty()) {
      viewsDb = db;
    }
    p.identifier("report.views-database", viewsDb);
    return new Settings(
        home.toString(),
        lakeRoot,
        jobsDir,
        new CatalogSettings(type, db, embeddedDir, p.string(c, "catalog.hive.metastore-uris", "thrift URIs"),
            glue, retention(c, p)),
        new SparkSettings(master, appName, sparkConf),
        new ReportSettings(reportDir, maxRows, maxScan, filterPolicy, viewsDir, viewsDb),
        publish(c, p));
  }

  /** Whether a Spark session time zone id means UTC (UTC, Etc/UTC, GMT, Z, +00:00, ...). */
  private static boolean isUtc(String zone) {
    try {
      return ZoneId.of(zone.trim()).normalized().equals(java.time.ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static boolean isZeroDuration(Config c, String key) {
    try {
      return c.getDuration(key).isZero();
    } catch (com.typesafe.config.ConfigException e) {
      return false;
    }
  }

  private static Settings.PublishSettings publish(Config c, Problems p) {
    Settings.PublishMode mode =
        p.enumValue(c, "publish.mode", Settings.PublishMode.class, "swap, overwrite", Settings.PublishMode.SWAP);
    Settings.LateEvents late = p.enumValue(c, "publish.late-events", Settings.LateEvents.class, "quarantine, merge",
        Settings.LateEvents.QUARANTINE);
    if (late == Settings.LateEvents.MERGE && mode != Settings.PublishMode.SWAP) {
      p.add("publish.late-events: merge needs publish.mode = swap (a merged date is published as a new run;"
          + " got publish.mode = " + mode.name().toLowerCase(Locale.ROOT) + ")");
    }
    // publish.lock.* (reliability: one writer per table and date)
    java.time.Duration lease = p.duration(c, "publish.lock.lease");
    if (lease.isZero() && c.hasPath("publish.lock.lease") && isZeroDuration(c, "publish.lock.lease")) {
      p.add("publish.lock.lease: expected a positive duration such as 2h (a run's lock on its dates), got "
          + c.getValue("publish.lock.lease").render());
    }
    return new Settings.PublishSettings(mode, late, lease);
  }

  private static Settings.GlueSettings glue(Config c, Problems p) {
    String endpoint = p.string(c, "catalog.glue.endpoint", "a URI such as https://glue.eu-west-1.amazonaws.com");
    String stsEndpoint = p.string(c, "catalog.glue.sts-endpoint", "a URI such as https://sts.eu-west-1.amazonaws.com");
    for (String[] e : new String[][] {{"catalog.glue.endpoint", endpoint}, {"catalog.glue.sts-endpoint", stsEndpoint}}) {
      if (e[1] != null && !e[1].isEmpty() && !e[1].matches("https?://[^\\s/]+(/.*)?")) {
        p.add(e[0] + ": '" + e[1] + "' is not an http(s) endpoint URI (expected e.g. https://glue.eu-west-1.amazonaws.com)");
      }
    }
    String catalogId = p.string(c, "catalog.glue.catalog-id", "a 12-digit AWS account id");
    if (catalogId != null && !catalogId.isEmpty() && !catalogId.matches("[0-9]{12}")) {
      p.add("catalog.glue.catalog-id: '" + catalogId + "' is not an AWS account id (expected 12 digits, or empty for the caller's account)");
    }
    List<String> roles = p.stringList(c, "catalog.glue.assume-roles", "a list of IAM role ARNs");
    for (String role : roles == null ? List.<String>of() : roles) {
      if (!role.matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/.+")) {
        p.add("catalog.glue.assume-roles: '" + role + "' is not an IAM role ARN (expected arn:aws:iam::<account>:role/<name>)");
      }
    }
    long attempts = p.positiveLong(c, "catalog.glue.retry.max-attempts", "a positive number of attempts");
    Duration base = p.duration(c, "catalog.glue.retry.base-delay");
    Duration max = p.duration(c, "catalog.glue.retry.max-backoff");
    boolean mirror = p.flag(c, "catalog.glue.mirror-embedded");
    return new Settings.GlueSettings(p.string(c, "catalog.glue.region", "an AWS region such as eu-west-1"),
        endpoint, catalogId, roles == null ? List.of() : roles, stsEndpoint, (int) Math.min(attempts, 100), base, max,
        mirror);
  }

  private static Settings.RetentionSettings retention(Config c, Problems p) {
    long days = p.nonNegativeLong(c, "catalog.retention.days", "a number of days (0 for no limit)");
    long months = p.nonNegativeLong(c, "catalog.retention.months", "a number of months (0 for no limit)");
    if (days > 0 && months > 0) {
      p.add("catalog.retention: both days (" + days + ") and months (" + months + ") are set (expected at most one)");
    }
    return new Settings.RetentionSettings((int) Math.min(days, 100_000), (int) Math.min(months, 10_000));
  }

  /**
   * Validates the application settings as a job sees them: {@code jobs/<name>.conf} layered
   * between the overrides and the application config, so that per-table keys such as {@code
   * catalog.retention.*} and {@code publish.mode} set in the job file apply.
   *
   * @throws ConfigException if the job file is missing or any key is invalid
   */
  public Settings jobSettings(String name) {
    job(name);
    Path jobFile = jobFile(name);
    Problems p = new Problems();
    Settings settings = settings(resolve(parseFile(jobFile, new ArrayList<>()), p), p);
    p.throwIfAny();
    return settings;
  }

  private JobSpec job(String name, Config c, Settings settings, Problems p) {
    String database = p.string(c, "table.database", "a database name");
    if (database != null && database.isEmpty()) {
      database = settings.catalog().defaultDatabase();
    }
    p.identifier("table.database", database);
    String table = p.string(c, "table.name", "a table name");
    if (table != null && table.isEmpty()) {
      table = name;
    }
    p.identifier("table.name", table);

    String type = p.string(c, "source.type", "kafka-json");
    WrittenOrder order = order(jobFile(name));
    if ("adobe".equals(type)) {
      refuseReadyRule(c, p);
      return adobeJob(name, new TableName(database, table), c, p, order);
    }
    SourceSpec source = source(c, settings, p);
    unusedSections(c, p, type);

    String field = p.string(c, "conform.event-time.field", "a flattened payload column name");
    String formatText = p.string(c, "conform.event-time.format", EVENT_TIME_FORMATS);
    EventTimeFormat format = null;
    String pattern = null;
    Locale locale = locale(c, p);
    if (formatText != null) {
      format = EVENT_TIME_KEYWORDS.get(formatText.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
      if (format == null) {
        pattern = formatText;
        format = EventTimeFormat.PATTERN;
        try {
          java.time.format.DateTimeFormatter.ofPattern(pattern, locale == null ? Locale.ROOT : locale);
        } catch (IllegalArgumentException e) {
          p.add("conform.event-time.format: '" + formatText + "' is not supported (expected " + EVENT_TIME_FORMATS
              + "; as a pattern: " + e.getMessage() + ")");
          format = null;
        }
      }
    }
    String dateOnly = p.string(c, "conform.event-time.date-only", "refused or allowed");
    boolean dateOnlyAllowed = false;
    if (dateOnly != null && !dateOnly.equals("refused") && !dateOnly.equals("allowed")) {
      p.add("conform.event-time.date-only: '" + dateOnly + "' is not supported (expected refused or allowed)");
    } else if ("allowed".equals(dateOnly)) {
      dateOnlyAllowed = true;
      if (format != null && format != EventTimeFormat.ISO8601) {
        p.add("conform.event-time.date-only: allowed applies to format iso8601 only (got format '" + formatText
            + "'; a pattern without a time of day already means midnight UTC)");
      }
    }
    if (format != null && format != EventTimeFormat.PATTERN && locale != null && !locale.equals(Locale.ROOT)) {
      p.add("conform.event-time.locale: '" + locale.toLanguageTag() + "' is used by a pattern format only (got "
          + "format '" + formatText + "'); remove it");
    }
    ZoneId zone = p.zone(c, "conform.event-time.zone");
    List<String> dedupeKey = p.stringList(c, "conform.dedupe.key", "a list of column names");
    Map<String, String> payloadNames = renames(c, p, order, "an object of payload_field = new_name pairs");
    List<String> drops = p.stringList(c, "source.drop", "a list of payload field paths");

    LayoutSpec layout = layout(c, p);
    Rules rules = rules(c, p, order);
    JobSpec.DedupeKeep keep =
        p.enumValue(c, "conform.dedupe.keep", JobSpec.DedupeKeep.class, "earliest-offset, latest-timestamp",
            JobSpec.DedupeKeep.EARLIEST_OFFSET);

    if (p.any()) {
      return null;
    }
    return new JobSpec(
        name,
        new TableName(database, table),
        source,
        new ConformSpec(field, format, zone, dedupeKey, keep,
            new JobSpec.EventTimeParsing(pattern, locale, dateOnlyAllowed), payloadNames, drops),
        layout,
        rules);
  }

  /** {@code conform.event-time.locale}: a BCP 47 tag, empty for {@link Locale#ROOT}; null if invalid. */
  private static Locale locale(Config c, Problems p) {
    String tag = p.string(c, "conform.event-time.locale", "a BCP 47 language tag such as en or en-US");
    if (tag == null) {
      return null;
    }
    if (tag.isEmpty()) {
      return Locale.ROOT;
    }
    try {
      return new Locale.Builder().setLanguageTag(tag).build();
    } catch (java.util.IllformedLocaleException e) {
      p.add("conform.event-time.locale: '" + tag + "' is not a BCP 47 language tag (" + e.getMessage()
          + "; expected e.g. en, en-US or fr, or empty for the root locale)");
      return null;
    }
  }

  /**
   * {@code source.rename}, for every source type: input field (a payload field path as declared,
   * dotted for nested fields, or an Adobe column) to output column name, in written order. Each new
   * name must be a valid column name.
   *
   * @param expected what the section should hold, for the message when it is not an object
   */
  private static Map<String, String> renames(Config c, Problems p, WrittenOrder order, String expected) {
    Map<String, String> out = new LinkedHashMap<>();
    ConfigObject o = p.object(c, "source.rename", expected);
    if (o == null) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : order.entries(o)) {
      ConfigValue v = e.getValue();
      String key = "source.rename." + pathElement(e.getKey());
      if (v.valueType() == ConfigValueType.OBJECT) {
        p.add(key + ": expected the new column name, got " + v.render(ConfigRenderOptions.concise()) + " (quote a nested field's path as one "
            + "key, e.g. \"meta.dt\" = meta_date)");
      } else if (v.valueType() != ConfigValueType.STRING) {
        p.add(key + ": expected the new column name, got " + v.render(ConfigRenderOptions.concise()));
      } else {
        String newName = (String) v.unwrapped();
        if (!IDENTIFIER.matcher(newName).matches()) {
          p.add(key + ": '" + newName + "' is not a valid column name (expected lower-case letters, digits and _, "
              + "starting with a letter or _)");
        }
        out.put(e.getKey(), newName);
      }
    }
    return out;
  }

  /** The conform steps, each with the section that configures it. */
  private static final Map<String, List<String>> STEP_SECTIONS =
      Map.of(
          "sanitize", List.of("conform.sanitize.replacement", "conform.sanitize.max-bytes",
              "conform.sanitize.control-characters"),
          "cast", List.of("conform.cast", "conform.cast-on-error"),
          "rename", List.of("conform.rename"),
          "derive", List.of("conform.derive"),
          "filter", List.of("conform.filter"),
          "arrays", List.of("conform.arrays"));

  private static final List<String> STEP_NAMES =
      List.of("sanitize", "cast", "rename", "derive", "filter", "arrays");

  /**
   * The conform steps. Every step's section is validated whether or not the step is listed, and a
   * section set to anything but its default while its step is not in {@code conform.steps} is a
   * problem: it would otherwise be ignored without a word.
   */
  private Rules rules(Config c, Problems p, WrittenOrder order) {
    List<String> names = p.stringList(c, "conform.steps", "a list of steps from " + STEP_NAMES);
    Rules.OnCastError defaultOnError =
        p.enumValue(c, "conform.cast-on-error", Rules.OnCastError.class, "null, quarantine", Rules.OnCastError.NULL);
    Map<String, Rules.Step> configured = new LinkedHashMap<>();
    configured.put("sanitize", new Rules.Sanitize(
        p.string(c, "conform.sanitize.replacement", "a replacement string"), maxBytes(c, p, order),
        p.enumValue(c, "conform.sanitize.control-characters", Rules.ControlCharacters.class, "keep, replace",
            Rules.ControlCharacters.KEEP)));
    configured.put("cast", new Rules.Cast(casts(c, p, defaultOnError, order)));
    configured.put("rename", new Rules.Rename(stringMap(c, "conform.rename", p, order)));
    configured.put("derive", new Rules.Derive(stringMap(c, "conform.derive", p, order)));
    configured.put("filter", new Rules.Filter(stringMap(c, "conform.filter", p, order)));
    configured.put("arrays", new Rules.Arrays(
        p.enumValue(c, "conform.arrays", Rules.ArrayMode.class, "keep, json", Rules.ArrayMode.KEEP)));
    List<Rules.Step> steps = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (String step : names == null ? List.<String>of() : names) {
      if (!STEP_NAMES.contains(step)) {
        p.add("conform.steps: unknown step '" + step + "' (expected steps from " + STEP_NAMES + ")");
      } else if (!listed.add(step)) {
        p.add("conform.steps: step '" + step + "' is listed twice (got " + names + "; each step runs once)");
      } else {
        steps.add(configured.get(step));
      }
    }
    if (names != null) {
      for (String step : STEP_NAMES) {
        if (listed.contains(step)) {
          continue;
        }
        for (String key : STEP_SECTIONS.get(step)) {
          if (!isDefault(c, key)) {
            p.add(key + ": is set (" + c.getValue(key).render(ConfigRenderOptions.concise()) + ") but step '" + step
                + "' is not in conform.steps " + names + ", so it would be ignored; add \"" + step
                + "\" to conform.steps where it should run, or remove " + key);
          }
        }
      }
    }
    double maxRatio = p.share(c, "quarantine.max-ratio");
    Rules.SchemaEvolution evolution =
        p.enumValue(c, "schema.evolution", Rules.SchemaEvolution.class, "none, additive, permissive",
            Rules.SchemaEvolution.ADDITIVE);
    return new Rules(steps, maxRatio, evolution, input(c, p));
  }

  private static final long MAX_RECORD_BYTES_LIMIT = 1L << 30;

  /** The input limits of a job ({@link InputSpec}); every source type reads them. */
  private static InputSpec input(Config c, Problems p) {
    long maxRecord = p.bytes(c, "source.max-record-bytes");
    if (maxRecord > MAX_RECORD_BYTES_LIMIT) {
      p.add("source.max-record-bytes: at most 1 GiB (a record is held in one array), got " + maxRecord);
    }
    return new InputSpec(
        maxRecord,
        p.positiveLong(c, "source.max-expansion", "a positive ratio of decompressed to compressed bytes such as 1000"),
        p.enumValue(c, "source.on-kcat-error", InputSpec.OnKcatError.class, "fail, warn", InputSpec.OnKcatError.FAIL));
  }

  /** Whether {@code key} holds what reference.conf gives it (or is absent from both). */
  private boolean isDefault(Config c, String key) {
    boolean inReference = reference.hasPathOrNull(key);
    boolean inConfig = c.hasPathOrNull(key);
    if (!inReference || !inConfig) {
      return inReference == inConfig;
    }
    Object ref = reference.getIsNull(key) ? null : reference.getValue(key).unwrapped();
    Object actual = c.getIsNull(key) ? null : c.getValue(key).unwrapped();
    return java.util.Objects.equals(ref, actual);
  }

  /**
   * Job keys a source type does not read: set to anything but their default, they are a problem
   * (they would be ignored without a word).
   */
  private void unusedSections(Config c, Problems p, String type) {
    if (type == null) {
      return;
    }
    Map<String, String> onlyFor = new LinkedHashMap<>();
    for (String k : List.of("source.report-suite", "source.time-zone", "source.partition-date", "source.schedule",
        "source.allow-fin", "source.allow-unmarked", "source.lookups", "source.event-lists", "source.labels")) {
      onlyFor.put(k, "adobe");
    }
    onlyFor.put("source.console", "kafka-console or debezium");
    onlyFor.put("source.on-kcat-error", "kafka-json");
    onlyFor.put("source.connect", "kafka-connect-s3");
    onlyFor.put("source.delimited", "delimited");
    SourceTypes.registeredTypes().forEach(t -> onlyFor.put("source." + t, t));
    for (Map.Entry<String, String> e : onlyFor.entrySet()) {
      if (List.of(e.getValue().split(" or ")).contains(type)) {
        continue;
      }
      Set<String> leaves = new TreeSet<>();
      if (c.hasPathOrNull(e.getKey())) {
        ConfigValue v = c.hasPath(e.getKey()) ? c.getValue(e.getKey()) : null;
        if (v instanceof ConfigObject o) {
          leafPaths(o, e.getKey(), leaves);
        } else {
          leaves.add(e.getKey());
        }
      }
      for (String leaf : leaves) {
        if (!isDefault(c, leaf)) {
          p.add(leaf + ": is set (" + c.getValue(leaf).render(ConfigRenderOptions.concise()) + ") but only source.type "
              + e.getValue() + " reads it (this job's source.type is " + type + "); remove it");
        }
      }
    }
  }

  private static Map<String, Integer> maxBytes(Config c, Problems p, WrittenOrder order) {
    Map<String, Integer> maxBytes = new LinkedHashMap<>();
    ConfigObject o = p.object(c, "conform.sanitize.max-bytes", "an object of column = bytes pairs such as { caption = 256 }");
    if (o == null) {
      return maxBytes;
    }
    for (Map.Entry<String, ConfigValue> e : order.entries(o)) {
      Object v = e.getValue().unwrapped();
      if (v instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() > 0
          && n.longValue() <= Integer.MAX_VALUE) {
        maxBytes.put(e.getKey(), n.intValue());
      } else {
        p.add("conform.sanitize.max-bytes." + pathElement(e.getKey())
            + ": expected a positive whole number of bytes, got " + e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
    return maxBytes;
  }

  private static Map<String, String> stringMap(Config c, String key, Problems p, WrittenOrder order) {
    Map<String, String> out = new LinkedHashMap<>();
    ConfigObject o = p.object(c, key, "an object of name = \"text\" pairs");
    if (o == null) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : order.entries(o)) {
      if (e.getValue().valueType() == ConfigValueType.STRING) {
        out.put(e.getKey(), (String) e.getValue().unwrapped());
      } else {
        p.add(key + "." + pathElement(e.getKey()) + ": expected a string, got " + e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
    return out;
  }

  private static Map<String, Rules.ColumnCast> casts(
      Config c, Problems p, Rules.OnCastError defaultOnError, WrittenOrder order) {
    Map<String, Rules.ColumnCast> out = new LinkedHashMap<>();
    ConfigObject all = p.object(c, "conform.cast", "an object of column = { type = ... } entries");
    if (all == null) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> entry : order.entries(all)) {
      String column = entry.getKey();
      String key = "conform.cast." + (IDENTIFIER.matcher(column).matches() ? column : ConfigUtil.quoteString(column));
      if (!(entry.getValue() instanceof ConfigObject oneObject)) {
        p.add(key + ": expected an object such as { type = \"decimal(12,2)\" }, got " + entry.getValue().render(ConfigRenderOptions.concise()));
        continue;
      }
      Config one = oneObject.toConfig();
      for (String k : new TreeSet<>(oneObject.keySet())) {
        if (!Set.of("type", "from", "pattern", "on-error").contains(k)) {
          p.add(key + "." + k + ": unknown key (expected type, from, pattern, on-error)");
        }
      }
      String type = one.hasPath("type") ? p.string(one, "type", "a Spark SQL type", key + ".") : null;
      if (type == null) {
        if (!one.hasPath("type")) {
          p.add(key + ".type: missing (expected a Spark SQL type such as decimal(12,2), timestamp, boolean, int)");
        }
        continue;
      }
      try {
        org.apache.spark.sql.types.DataType.fromDDL(type);
      } catch (Exception e) {
        // Spark's ParseException is checked in Java but not declared.
        p.add(key + ".type: '" + type + "' is not a Spark SQL type (expected e.g. decimal(12,2), timestamp, boolean, int)");
        continue;
      }
      boolean timestamp = type.trim().equalsIgnoreCase("timestamp");
      Rules.TimestampSource from = null;
      if (one.hasPath("from")) {
        from = p.enumValue(one, "from", Rules.TimestampSource.class,
            "iso8601, epoch-seconds, epoch-millis, epoch-micros, pattern", null, key + ".");
        if (from != null && !timestamp) {
          p.add(key + ".from: applies to type timestamp only (got type '" + type + "'); remove it");
        }
      } else if (timestamp) {
        from = Rules.TimestampSource.ISO8601;
      }
      String pattern = one.hasPath("pattern") ? p.string(one, "pattern", "a Spark datetime pattern", key + ".") : null;
      if (from == Rules.TimestampSource.PATTERN && pattern == null && !one.hasPath("pattern")) {
        p.add(key + ".pattern: missing (expected a Spark datetime pattern with from = pattern)");
      } else if (pattern != null && from != Rules.TimestampSource.PATTERN) {
        p.add(key + ".pattern: used only with from = pattern (got from = "
            + (from == null ? "nothing" : from.name().toLowerCase(Locale.ROOT).replace('_', '-')) + "); remove it");
      } else if (pattern != null) {
        String problem = sparkPatternProblem(pattern);
        if (problem != null) {
          p.add(key + ".pattern: '" + pattern + "' is not a Spark datetime pattern (" + problem + ")");
        }
      }
      Rules.OnCastError onError = one.hasPath("on-error")
          ? p.enumValue(one, "on-error", Rules.OnCastError.class, "null, quarantine", defaultOnError, key + ".")
          : defaultOnError;
      out.put(column, new Rules.ColumnCast(type, from, pattern, onError));
    }
    return out;
  }

  /**
   * Why Spark cannot parse with a datetime pattern, or null. Checked with Spark's own formatter
   * (the one {@code to_timestamp} uses) so that letters Spark refuses for parsing ({@code E},
   * {@code F}, {@code q}, {@code Q}) and unknown letters are found before any data is read.
   */
  private static String sparkPatternProblem(String pattern) {
    try {
      org.apache.spark.sql.catalyst.util.TimestampFormatter.apply(pattern, java.time.ZoneOffset.UTC, true)
          .validatePatternString(false);
      return null;
    } catch (org.apache.spark.SparkUpgradeException e) {
      // Raised when only Spark 2's formatter would accept the pattern.
      return "Spark 3 cannot parse with it: letters such as E, F, q and Q only format, and week-based letters"
          + " are not supported (Spark SQL Datetime Patterns)";
    } catch (RuntimeException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      return m.lines().findFirst().orElse(m);
    }
  }

  private static LayoutSpec layout(Config c, Problems p) {
    List<String> sortBy = p.stringList(c, "layout.sort-by", "a list of column names");
    if (sortBy != null && sortBy.contains("date")) {
      p.add("layout.sort-by: must not list 'date' (it always leads the sort order) (got " + sortBy + ")");
    }
    long target = p.bytes(c, "layout.target-file-bytes");
    long rowGroup = p.bytes(c, "layout.row-group-bytes");
    return sortBy == null ? null : new LayoutSpec(sortBy, target, rowGroup);
  }

  /**
   * An Adobe job: the {@code source.*} keys of {@link AdobeSourceSpec}; the kcat-only keys
   * ({@code source.topic}, {@code source.schema.*}, {@code conform.*}) are not read.
   */
  private JobSpec adobeJob(String name, TableName table, Config c, Problems p, WrittenOrder order) {
    String path = p.string(c, "source.path", "the directory or URI the Adobe deliveries land in");
    String rsid = p.string(c, "source.report-suite", "an Adobe report suite id such as examplersid");
    if (rsid != null && !REPORT_SUITE.matcher(rsid).matches()) {
      p.add("source.report-suite: '" + rsid + "' is not a report suite id (expected letters, digits, "
          + "'.', '-' and '_', as in Adobe's file names <rsid>_<date>.txt)");
    }
    ZoneId zone = p.zone(c, "source.time-zone");
    PartitionDate partitionDate =
        p.enumValue(c, "source.partition-date", PartitionDate.class, "local, utc", PartitionDate.LOCAL);
    Schedule schedule = p.enumValue(c, "source.schedule", Schedule.class, "daily, hourly", Schedule.DAILY);
    boolean allowFin = p.bool(c, "source.allow-fin");
    boolean allowUnmarked = p.bool(c, "source.allow-unmarked");
    List<LookupSpec> lookups = lookups(c, p);
    List<String> eventLists = p.stringList(c, "source.event-lists", "a list of Adobe column names");
    Map<String, String> rename = renames(c, p, order, "an object of adobe_column = new_name pairs");
    List<LabelSpec> labels = labels(c, p);
    for (String key : KCAT_ONLY_KEYS) {
      if (c.hasPath(key)) {
        p.add(key + ": not used by source.type adobe (the event time is date_time or hit_time_gmt and "
            + "the dedupe key is hitid_high, hitid_low; the columns come from column_headers.tsv)");
      }
    }
    for (String key : ADOBE_UNUSED_WITH_DEFAULTS) {
      if (c.hasPathOrNull(key) && !isDefault(c, key)) {
        p.add(key + ": is set (" + c.getValue(key).render(ConfigRenderOptions.concise()) + ") but not used by "
            + "source.type adobe (the event time is date_time or hit_time_gmt in source.time-zone, the dedupe key "
            + "is hitid_high, hitid_low, and every delivered column is read); remove it");
      }
    }
    Set<String> added = new HashSet<>();
    lookups.forEach(l -> outputName(p, "source.lookups", l.name(), added));
    labels.forEach(l -> outputName(p, "source.labels", l.name(), added));
    rename.values().forEach(n -> outputName(p, "source.rename", n, added));
    LayoutSpec layout = layout(c, p);
    Rules rules = rules(c, p, order);
    if (p.any()) {
      return null;
    }
    return new JobSpec(
        name,
        table,
        new AdobeSourceSpec(path, rsid, zone, partitionDate, schedule, allowFin, allowUnmarked, lookups,
            eventLists, rename, labels),
        null,
        layout,
        rules);
  }

  private static void outputName(Problems p, String key, String name, Set<String> seen) {
    if (name == null) {
      return;
    }
    p.identifier(key, name);
    if (ADOBE_RESERVED.contains(name) || name.startsWith("_")) {
      p.add(key + ": output column '" + name + "' is reserved (date, hit_time_utc and names "
          + "starting with _ are feedlake's)");
    } else if (!seen.add(name)) {
      p.add(key + ": output column '" + name + "' is produced twice by source.lookups, "
          + "source.labels and source.rename");
    }
  }

  private static List<LookupSpec> lookups(Config c, Problems p) {
    List<LookupSpec> out = new ArrayList<>();
    List<Map<String, Object>> items =
        p.objectList(c, "source.lookups", Set.of("name", "column", "file"), Set.of());
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> o = items.get(i);
      String where = "source.lookups[" + i + "]";
      String name = p.text(o, where, "name");
      String column = p.text(o, where, "column");
      String file = p.text(o, where, "file");
      if (name != null && column != null && file != null) {
        out.add(new LookupSpec(name, column, file));
      }
    }
    return out;
  }

  private static List<LabelSpec> labels(Config c, Problems p) {
    List<LabelSpec> out = new ArrayList<>();
    List<Map<String, Object>> items =
        p.objectList(c, "source.labels", Set.of("column", "name", "values"), Set.of("otherwise"));
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> o = items.get(i);
      String where = "source.labels[" + i + "]";
      String column = p.text(o, where, "column");
      String name = p.text(o, where, "name");
      String otherwise = o.get("otherwise") == null ? null : p.text(o, where, "otherwise");
      Map<String, String> values = new LinkedHashMap<>();
      if (o.get("values") instanceof Map<?, ?> m && !m.isEmpty()) {
        m.forEach((k, v) -> {
          if (v instanceof Map<?, ?> || v instanceof List<?> || v == null) {
            p.add(where + ".values." + k + ": expected a label, got " + v);
          } else {
            values.put(String.valueOf(k), String.valueOf(v));
          }
        });
      } else {
        p.add(where + ".values: expected an object of code = label pairs, got " + o.get("values"));
      }
      if (column != null && name != null) {
        out.add(new LabelSpec(column, name, values, otherwise));
      }
    }
    return out;
  }

  /** Validates the {@code source.*} keys of a job; returns null when there is a problem. */
  private SourceSpec source(Config c, Settings settings, Problems p) {
    String type = p.string(c, "source.type", "one of " + SOURCE_TYPES);
    if (type != null && !SOURCE_TYPES.contains(type)) {
      p.add("source.type: unsupported source type '" + type + "' (expected one of " + SOURCE_TYPES + ")");
      type = null;
    }
    SourceConfigValidator registered = SourceTypes.validator(type);
    if (registered != null) {
      return registered.validate(new SourceSection(c, type, settings.jobsDir(), readyRule(c, p), p::add));
    }
    boolean delimited = "delimited".equals(type);
    boolean connect = "kafka-connect-s3".equals(type);
    int before = p.count();
    String path = p.string(c, "source.path", "the alpha directory or URI holding the dumps");
    String topic =
        delimited ? p.optionalString(c, "source.topic") : p.string(c, "source.topic", "a Kafka topic name");
    String dumpDir = p.string(c, "source.dump-dir", "a relative directory with {topic} and {date}");
    ConnectDateSelection selection = null;
    ConnectFormat connectFormat = null;
    if (connect) {
      connectFormat = p.enumValue(c, "source.connect.format", ConnectFormat.class, "json, avro", null);
      selection =
          p.enumValue(c, "source.connect.date-selection", ConnectDateSelection.class, "path-date, prefix", null);
    }
    if (dumpDir != null) {
      if (connect && selection == ConnectDateSelection.PATH_DATE && dumpDir.contains("{date}")) {
        p.add("source.dump-dir: '" + dumpDir + "' contains {date}, but source.connect.date-selection = "
            + "path-date takes the date from the year=/month=/day= directories (expected the connector's "
            + "topic directory, e.g. topics/{topic})");
      } else if (connect && selection == ConnectDateSelection.PREFIX && !dumpDir.contains("{date}")) {
        p.add("source.dump-dir: '" + dumpDir + "' has no {date} placeholder, which source.connect.date-selection"
            + " = prefix needs (expected e.g. {date}/topics/{topic})");
      } else if (!connect && !dumpDir.contains("{date}")) {
        p.add("source.dump-dir: '" + dumpDir + "' has no {date} placeholder (expected e.g. {topic}/dt={date})");
      }
      if (delimited && topic == null && dumpDir.contains("{topic}")) {
        p.add("source.dump-dir: '" + dumpDir + "' uses {topic}, but source.topic is not set (a delimited source "
            + "has no topic: set source.dump-dir, e.g. annalect/dt={date})");
      }
    }
    List<String> extensions = p.stringList(c, "source.extensions", "a list of file endings");
    if (extensions != null && connect && !extensions.isEmpty()) {
      p.add("source.extensions: not used by kafka-connect-s3, whose object names end as source.connect.format "
          + "says (.json, .json.gz or .avro) (got " + extensions + "); remove it");
    } else if (extensions != null && extensions.isEmpty() && type != null) {
      extensions = DEFAULT_EXTENSIONS.getOrDefault(type, List.of());
    }
    String ddl = p.optionalString(c, "source.schema.ddl");
    String avsc = p.optionalString(c, "source.schema.avsc");
    if (ddl == null && avsc == null) {
      p.add("source.schema: missing (expected source.schema.ddl, a Spark DDL string, or "
          + "source.schema.avsc, an Avro schema file)");
    } else if (ddl != null && avsc != null) {
      p.add("source.schema: both ddl and avsc are set (expected exactly one)");
    } else if (delimited && avsc != null) {
      p.add("source.schema.avsc: a delimited source declares its columns with source.schema.ddl "
          + "(got avsc " + avsc + ")");
    }
    if (avsc != null) {
      Path avscPath = Paths.get(avsc);
      if (!avscPath.isAbsolute()) {
        avscPath = Paths.get(settings.jobsDir()).resolve(avscPath);
      }
      if (!Files.isRegularFile(avscPath)) {
        p.add("source.schema.avsc: file " + avscPath + " does not exist");
      }
      avsc = avscPath.toString();
    }
    ConsoleFormat console = "kafka-console".equals(type) ? consoleFormat(c, p) : null;
    ReadyRule ready = readyRule(c, p);
    // A delimited source has no topic of its own: {topic}, if used, is resolved here.
    String delimitedDir = dumpDir != null && topic != null ? dumpDir.replace("{topic}", topic) : dumpDir;
    DelimitedSourceSpec delimitedSpec =
        delimited ? delimited(c, p, path, delimitedDir, extensions, ddl, ready) : null;
    if (type == null || p.count() > before) {
      return null;
    }
    return switch (type) {
      case "kafka-console" -> new KafkaConsoleSourceSpec(path, topic, dumpDir, extensions, ddl, avsc, console, ready);
      case "kafka-connect-s3" ->
          new KafkaConnectS3SourceSpec(path, topic, dumpDir, connectFormat, selection, ddl, avsc, ready);
      case "delimited" -> delimitedSpec;
      default -> new KafkaJsonSourceSpec(path, topic, dumpDir, extensions, ddl, avsc, ready);
    };
  }

  /** {@code source.ready}, {@code source.ready-marker} and {@code source.quiet-period} of a dump source. */
  private static ReadyRule readyRule(Config c, Problems p) {
    ReadyMode mode = p.enumValue(c, "source.ready", ReadyMode.class, "any, marker, quiet-period", ReadyMode.ANY);
    String marker = p.nonEmpty(c, "source.ready-marker", "a file name such as _SUCCESS");
    if (marker != null && marker.contains("/")) {
      p.add("source.ready-marker: '" + marker + "' is not a file name (expected a name such as _SUCCESS, "
          + "looked for in the date's directory)");
    }
    java.time.Duration quiet = p.duration(c, "source.quiet-period");
    if (mode == ReadyMode.QUIET_PERIOD && quiet.isZero()) {
      p.add("source.quiet-period: 0 with source.ready = quiet-period would make every directory ready "
          + "(expected a duration such as 10m)");
    }
    return new ReadyRule(mode, marker, quiet);
  }

  /** Adobe deliveries are ready when their manifest is: a {@code source.ready} rule would be ignored. */
  private static void refuseReadyRule(Config c, Problems p) {
    if (c.hasPath("source.ready") && !"any".equals(c.getString("source.ready"))) {
      p.add("source.ready: an adobe delivery is ready when its manifest is there (got '"
          + c.getString("source.ready") + "'; remove it)");
    }
  }

  private static ConsoleFormat consoleFormat(Config c, Problems p) {
    boolean timestamp = p.bool(c, "source.console.print-timestamp");
    boolean partition = p.bool(c, "source.console.print-partition");
    boolean offset = p.bool(c, "source.console.print-offset");
    boolean headers = p.bool(c, "source.console.print-headers");
    boolean key = p.bool(c, "source.console.print-key");
    String separator = p.nonEmpty(c, "source.console.key-separator", "the text between two fields, e.g. \\t");
    String headersSeparator =
        p.nonEmpty(c, "source.console.headers-separator", "the text between two headers, e.g. a comma");
    String nullLiteral = p.nonEmpty(c, "source.console.null-literal", "the text printed for null, e.g. null");
    return new ConsoleFormat(timestamp, partition, offset, headers, key, separator, headersSeparator, nullLiteral);
  }

  private static DelimitedSourceSpec delimited(
      Config c, Problems p, String path, String dumpDir, List<String> extensions, String ddl, ReadyRule ready) {
    char delimiter = p.character(c, "source.delimited.delimiter", "one character such as , or \\t");
    char quote = p.character(c, "source.delimited.quote", "one character such as \"");
    char escape = p.character(c, "source.delimited.escape", "one character such as \\");
    String nullValue = p.string(c, "source.delimited.null-value", "the text that stands for null");
    String timestampFormat = p.string(c, "source.delimited.timestamp-format", "a Spark datetime pattern");
    if (timestampFormat != null && !timestampFormat.isEmpty()) {
      try {
        java.time.format.DateTimeFormatter.ofPattern(timestampFormat);
      } catch (IllegalArgumentException e) {
        p.add("source.delimited.timestamp-format: '" + timestampFormat + "' is not a datetime pattern ("
            + e.getMessage() + ")");
      }
    }
    if (delimiter == quote && delimiter != 0) {
      p.add("source.delimited.quote: '" + quote + "' is also the delimiter (expected two different characters)");
    }
    return new DelimitedSourceSpec(path, dumpDir, extensions == null ? List.of() : extensions, ddl, delimiter,
        quote, escape, nullValue, timestampFormat == null || timestampFormat.isEmpty() ? null : timestampFormat,
        ready);
  }

  /** A key as one element of a path in a message: quoted only when HOCON needs it. */
  private static String pathElement(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : ConfigUtil.quoteString(key);
  }

  private static boolean hasScheme(String path) {
    return path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !path.matches("^[a-zA-Z]:\\\\.*");
  }

  private static String absolute(String path) {
    if (path == null || hasScheme(path)) {
      return path;
    }
    return new File(path).getAbsoluteFile().toPath().normalize().toString();
  }

  /** Collects validation problems; each message names the key, the value and the expectation. */
  private static final class Problems {
    private final List<String> list = new ArrayList<>();

    void add(String problem) {
      list.add(problem);
    }

    boolean any() {
      return !list.isEmpty();
    }

    int count() {
      return list.size();
    }

    boolean bool(Config c, String key) {
      try {
        return c.getBoolean(key);
      } catch (com.typesafe.config.ConfigException e) {
        list.add(key + ": expected true or false, got " + render(c, key));
        return false;
      }
    }

    String nonEmpty(Config c, String key, String expected) {
      String v = string(c, key, expected);
      if (v != null && v.isEmpty()) {
        list.add(key + ": expected " + expected + ", got an empty string");
        return null;
      }
      return v;
    }

    char character(Config c, String key, String expected) {
      String v = string(c, key, expected);
      if (v == null) {
        return 0;
      }
      if (v.length() != 1) {
        list.add(key + ": expected " + expected + ", got '" + v + "' (" + v.length() + " characters)");
        return 0;
      }
      return v.charAt(0);
    }

    void throwIfAny() {
      if (!list.isEmpty()) {
        throw new ConfigException(list);
      }
    }

    String string(Config c, String key, String expected) {
      return string(c, key, expected, "");
    }

    /** {@link #string(Config, String, String)} of a sub-config; problems name {@code prefix + key}. */
    String string(Config c, String key, String expected, String prefix) {
      if (!c.hasPath(key)) {
        list.add(prefix + key + ": missing (expected " + expected + ")");
        return null;
      }
      ConfigValue v = c.getValue(key);
      if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
        list.add(prefix + key + ": expected " + expected + ", got " + v.render(ConfigRenderOptions.concise()));
        return null;
      }
      return String.valueOf(v.unwrapped());
    }

    /** An object value; null, and a problem naming the value found, when it is anything else. */
    ConfigObject object(Config c, String key, String expected) {
      if (!c.hasPathOrNull(key)) {
        return null;
      }
      ConfigValue v = c.getIsNull(key) ? null : c.getValue(key);
      if (v instanceof ConfigObject o) {
        return o;
      }
      list.add(key + ": expected " + expected + ", got " + (v == null ? "null" : v.render(ConfigRenderOptions.concise())));
      return null;
    }

    /** A share between 0 and 1 (a ratio); 0 and a problem when it is not one. */
    double share(Config c, String key) {
      try {
        double v = c.getDouble(key);
        if (v < 0 || v > 1 || Double.isNaN(v)) {
          list.add(key + ": expected a share between 0 and 1, got " + v);
        }
        return v;
      } catch (com.typesafe.config.ConfigException e) {
        list.add(key + ": expected a share between 0 and 1, got " + render(c, key));
        return 0;
      }
    }

    String optionalString(Config c, String key) {
      return c.hasPath(key) ? string(c, key, "a string") : null;
    }

    void identifier(String key, String value) {
      if (value != null && !IDENTIFIER.matcher(value).matches()) {
        list.add(key + ": '" + value + "' is not a valid catalog name (expected lower-case letters, digits and _, "
            + "starting with a letter or _, as Glue and Hive store them)");
      }
    }

    /**
     * A list of objects, each checked for its keys; problems name the key as {@code key[i].name}.
     */
    List<Map<String, Object>> objectList(Config c, String key, Set<String> required, Set<String> optional) {
      List<Map<String, Object>> out = new ArrayList<>();
      if (!c.hasPath(key)) {
        return out;
      }
      Set<String> sortedRequired = new TreeSet<>(required);
      Set<String> allowed = new TreeSet<>(required);
      allowed.addAll(optional);
      List<? extends ConfigValue> values;
      try {
        values = c.getList(key);
      } catch (com.typesafe.config.ConfigException e) {
        list.add(key + ": expected a list of objects with " + sortedRequired + ", got " + render(c, key));
        return out;
      }
      for (int i = 0; i < values.size(); i++) {
        ConfigValue v = values.get(i);
        if (v.valueType() != ConfigValueType.OBJECT) {
          list.add(key + "[" + i + "]: expected an object with " + sortedRequired + ", got " + v.render(ConfigRenderOptions.concise()));
          continue;
        }
        Map<String, Object> o = new LinkedHashMap<>(((ConfigObject) v).unwrapped());
        for (String k : o.keySet()) {
          if (!allowed.contains(k)) {
            list.add(key + "[" + i + "]." + k + ": unknown key (expected " + allowed + ")");
          }
        }
        for (String k : sortedRequired) {
          if (o.get(k) == null) {
            list.add(key + "[" + i + "]." + k + ": missing");
          }
        }
        out.add(o);
      }
      return out;
    }

    /** A plain value of an object from {@link #objectList}; null (and a problem) otherwise. */
    String text(Map<String, Object> o, String where, String k) {
      Object v = o.get(k);
      if (v == null) {
        return null;
      }
      if (v instanceof Map<?, ?> || v instanceof List<?>) {
        list.add(where + "." + k + ": expected a string, got " + v);
        return null;
      }
      return String.valueOf(v);
    }

    List<String> stringList(Config c, String key, String expected) {
      if (!c.hasPath(key)) {
        list.add(key + ": missing (expected " + expected + ")");
        return null;
      }
      try {
        return c.getStringList(key);
      } catch (com.typesafe.config.ConfigException e) {
        list.add(key + ": expected " + expected + ", got " + c.getValue(key).render(ConfigRenderOptions.concise()));
        return null;
      }
    }

    long positiveLong(Config c, String key, String expected) {
      try {
        long v = c.getLong(key);
        if (v <= 0) {
          list.add(key + ": expected " + expected + ", got " + v);
        }
        return v;
      } catch (com.typesafe.config.ConfigException e) {
        list.add(key + ": expected " + expected + ", got " + render(c, key));
        return 0;
      }
    }

    long nonNegativeLong(Config c, String key, String expected) {
      try {
        long v = c.getLong(key);
        if (v < 0) {
          list.add(key + ": expected " + expected + ", got " + v);
        }
        return Math.max(v, 0);
      } catch (com.typesafe.config.ConfigException e) {
        list.add(key + ": expected " + expected + ", got " + render(c, key));
        return 0;
      }
    }

    Duration duration(Config c, String key) {
      try {
        Duration d = c.getDuration(key);
        if (d.isNegative()) {
          list.add(key + ": expected a duration such as 200ms or 20s, got " + render(c, key));
          return Duration.ZERO;
        }
        return d;
      } catch (com.typesafe.config.ConfigException e) {
        list.add(key + ": expected a duration such as 200ms or 20s, got " + render(c, key));
        return Duration.ZERO;
      }
    }

    boolean flag(Config c, String key) {
      try {
        return c.getBoolean(key);
      } catch (com.typesafe.config.ConfigException e) {
        list.add(key + ": expected true or false, got " + render(c, key));
        return false;
      }
    }

    long bytes(Config c, String key) {
      try {
        long v = c.getBytes(key);
        if (v <= 0) {
          list.add(key + ": expected a positive size such as 128 MiB, got " + v);
        }
        return v;
      } catch (com.typesafe.config.ConfigException e) {
        list.add(key + ": expected a size in bytes such as 134217728 or 128 MiB, got " + render(c, key));
        return 0;
      }
    }

    ZoneId zone(Config c, String key) {
      String v = string(c, key, "an IANA time zone id such as UTC or America/Los_Angeles");
      if (v == null) {
        return null;
      }
      try {
        return ZoneId.of(v);
      } catch (DateTimeException e) {
        list.add(key + ": '" + v + "' is not a time zone (expected an IANA id such as UTC or America/Los_Angeles)");
        return null;
      }
    }

    <E extends Enum<E>> E enumValue(Config c, String key, Class<E> type, String allowed, E fallback) {
      return enumValue(c, key, type, allowed, fallback, "");
    }

    /** {@link #enumValue(Config, String, Class, String, Enum)} of a sub-config, named {@code prefix + key}. */
    <E extends Enum<E>> E enumValue(
        Config c, String key, Class<E> type, String allowed, E fallback, String prefix) {
      String v = string(c, key, "one of " + allowed, prefix);
      if (v == null) {
        return fallback;
      }
      String constant = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      if (constant.equals("EPOCH_MS")) {
        constant = "EPOCH_MILLIS";
      } else if (constant.equals("EPOCH_S")) {
        constant = "EPOCH_SECONDS";
      }
      try {
        return Enum.valueOf(type, constant);
      } catch (IllegalArgumentException e) {
        list.add(prefix + key + ": '" + v + "' is not supported (expected one of " + allowed + ")");
        return fallback;
      }
    }

    private static String render(Config c, String key) {
      return c.hasPathOrNull(key) && !c.getIsNull(key) ? c.getValue(key).render(ConfigRenderOptions.concise()) : "nothing";
    }
  }
}
