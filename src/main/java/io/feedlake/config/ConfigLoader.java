package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.config.JobSpec.EventTimeFormat;
import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.config.JobSpec.LayoutSpec;
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
      Set.of("spark.conf", "conform.sanitize.max-bytes", "conform.cast", "conform.rename", "conform.derive",
          "conform.filter");

  /** Upper bound of report.max-rows: results are collected on the driver. */
  private static final long MAX_REPORT_ROWS = 10_000_000L;

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  private final Path home;
  private final Config reference;
  private final Config base;
  private final Config overrides;

  private ConfigLoader(Path home, Config reference, Config base, Config overrides) {
    this.home = home;
    this.reference = reference;
    this.base = base;
    this.overrides = overrides;
  }

  /**
   * Reads the configuration files; nothing is validated yet.
   *
   * @param home installation directory ({@code conf/} and {@code jobs/} below it)
   * @param confFile a file used instead of {@code <home>/conf/application.conf}, or null
   * @param overrides {@code key=value} overrides in command-line order; values starting with
   *     {@code [} or <code>{</code> are parsed as HOCON, all others are taken as plain strings
   * @throws ConfigException if a file is missing or not valid HOCON, or an override key is invalid
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
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      try {
        over = overrideValue(e.getKey(), e.getValue()).withFallback(over);
      } catch (com.typesafe.config.ConfigException ex) {
        problems.add(
            "--set " + e.getKey() + "=" + e.getValue() + ": not a valid override (" + ex.getMessage()
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ConfigLoader(home.toAbsolutePath().normalize(), reference, base, over);
  }

  private static Config overrideValue(String key, String value) {
    String trimmed = value.trim();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      return ConfigFactory.parseString("x = " + trimmed).getValue("x").atPath(key);
    }
    return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
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
    // The jobs directory comes from the application layers; their own problems are reported
    // together with the job's below.
    Config appOnly = resolve(ConfigFactory.empty(), new Problems());
    Path jobFile = Paths.get(absolute(appOnly.getString("jobs.dir")), name + ".conf");
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
    p.throwIfAny();
    return job;
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
    // Glue's local mirror is an embedded metastore too (catalog.glue.mirror-embedded is validated below).
    String mirrorKey = "catalog.glue.mirror-embedded";
    boolean mirror = type == CatalogType.GLUE && c.hasPath(mirrorKey)
        && "true".equals(String.valueOf(c.getValue(mirrorKey).unwrapped()));
    if ((type == CatalogType.EMBEDDED || mirror) && embeddedDir != null && hasScheme(embeddedDir)
        && !embeddedDir.startsWith("file:")) {
      p.add(
          "catalog.embedded.dir: the embedded Derby metastore needs a local directory (got "
              + embeddedDir + "); set catalog.embedded.dir to a local path");
    }
    String master = p.string(c, "spark.master", "a Spark master URL such as local[*]");
    String appName = p.string(c, "spark.app-name", "a name");
    Map<String, String> sparkConf = new LinkedHashMap<>();
    if (c.hasPath("spark.conf")) {
      try {
        for (Map.Entry<String, ConfigValue> e : c.getObject("spark.conf").entrySet()) {
          sparkConf.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
        }
      } catch (com.typesafe.config.ConfigException e) {
        p.add("spark.conf: expected an object of Spark settings (" + e.getMessage() + ")");
      }
    }
    String reportDir = absolute(p.string(c, "report.dir", "a directory"));
    long maxRowsValue = p.positiveLong(c, "report.max-rows", "a positive row count");
    if (maxRowsValue > MAX_REPORT_ROWS) {
      p.add("report.max-rows: " + maxRowsValue + " is more rows than the driver should collect (expected at most "
          + MAX_REPORT_ROWS + "; write large results with Spark instead)");
    }
    int maxRows = (int) Math.min(maxRowsValue, MAX_REPORT_ROWS);
    return new Settings(
        home.toString(),
        lakeRoot,
        jobsDir,
        new CatalogSettings(type, db, embeddedDir, p.string(c, "catalog.hive.metastore-uris", "thrift URIs"),
            glue(c, p), retention(c, p)),
        new SparkSettings(master, appName, sparkConf),
        new ReportSettings(reportDir, maxRows),
        publish(c, p));
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
    return new Settings.PublishSettings(mode, late);
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
    Config appOnly = resolve(ConfigFactory.empty(), new Problems());
    Path jobFile = Paths.get(absolute(appOnly.getString("jobs.dir")), name + ".conf");
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
    if (type != null && !type.equals("kafka-json")) {
      p.add("source.type: unsupported source type '" + type + "' (expected one of [kafka-json])");
    }
    String path = p.string(c, "source.path", "the alpha directory or URI holding the dumps");
    String topic = p.string(c, "source.topic", "a Kafka topic name");
    String dumpDir = p.string(c, "source.dump-dir", "a relative directory with {topic} and {date}");
    if (dumpDir != null && !dumpDir.contains("{date}")) {
      p.add("source.dump-dir: '" + dumpDir + "' has no {date} placeholder (expected e.g. {topic}/dt={date})");
    }
    List<String> extensions = p.stringList(c, "source.extensions", "a list of file endings");
    String ddl = p.optionalString(c, "source.schema.ddl");
    String avsc = p.optionalString(c, "source.schema.avsc");
    if (ddl == null && avsc == null) {
      p.add("source.schema: missing (expected source.schema.ddl, a Spark DDL string, or "
          + "source.schema.avsc, an Avro schema file)");
    } else if (ddl != null && avsc != null) {
      p.add("source.schema: both ddl and avsc are set (expected exactly one)");
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

    String field = p.string(c, "conform.event-time.field", "a flattened payload column name");
    EventTimeFormat format =
        p.enumValue(
            c, "conform.event-time.format", EventTimeFormat.class, "iso8601, epoch-millis, epoch-seconds",
            null);
    ZoneId zone = p.zone(c, "conform.event-time.zone");
    List<String> dedupeKey = p.stringList(c, "conform.dedupe.key", "a list of column names");

    List<String> sortBy = p.stringList(c, "layout.sort-by", "a list of column names");
    if (sortBy != null && sortBy.contains("date")) {
      p.add("layout.sort-by: must not list 'date' (it always leads the sort order) (got " + sortBy + ")");
    }
    long target = p.bytes(c, "layout.target-file-bytes");
    long rowGroup = p.bytes(c, "layout.row-group-bytes");
    Rules rules = rules(c, p);

    if (p.any()) {
      return null;
    }
    return new JobSpec(
        name,
        new TableName(database, table),
        new KafkaJsonSourceSpec(path, topic, dumpDir, extensions, ddl, avsc),
        new ConformSpec(field, format, zone, dedupeKey),
        new LayoutSpec(sortBy, target, rowGroup),
        rules);
  }

  private static Rules rules(Config c, Problems p) {
    List<Rules.Step> steps = new ArrayList<>();
    List<String> names = p.stringList(c, "conform.steps", "a list of steps from [sanitize, cast, rename, derive, filter, arrays]");
    Rules.OnCastError defaultOnError =
        p.enumValue(c, "conform.cast-on-error", Rules.OnCastError.class, "null, quarantine", Rules.OnCastError.NULL);
    for (String step : names == null ? List.<String>of() : names) {
      switch (step) {
        case "sanitize" -> {
          Map<String, Integer> maxBytes = new LinkedHashMap<>();
          for (Map.Entry<String, ConfigValue> e : c.getObject("conform.sanitize.max-bytes").entrySet()) {
            Object v = e.getValue().unwrapped();
            if (v instanceof Number n && n.longValue() > 0 && n.longValue() <= Integer.MAX_VALUE) {
              maxBytes.put(e.getKey(), n.intValue());
            } else {
              p.add("conform.sanitize.max-bytes." + e.getKey() + ": expected a positive number of bytes, got "
                  + e.getValue().render());
            }
          }
          steps.add(new Rules.Sanitize(p.string(c, "conform.sanitize.replacement", "a replacement string"), maxBytes));
        }
        case "cast" -> steps.add(new Rules.Cast(casts(c, p, defaultOnError)));
        case "rename" -> steps.add(new Rules.Rename(stringMap(c, "conform.rename", p)));
        case "derive" -> steps.add(new Rules.Derive(stringMap(c, "conform.derive", p)));
        case "filter" -> steps.add(new Rules.Filter(stringMap(c, "conform.filter", p)));
        case "arrays" -> steps.add(new Rules.Arrays(
            p.enumValue(c, "conform.arrays", Rules.ArrayMode.class, "keep, json", Rules.ArrayMode.KEEP)));
        default -> p.add("conform.steps: unknown step '" + step
            + "' (expected steps from [sanitize, cast, rename, derive, filter, arrays])");
      }
    }
    double maxRatio = 0;
    try {
      maxRatio = c.getDouble("quarantine.max-ratio");
      if (maxRatio < 0 || maxRatio > 1) {
        p.add("quarantine.max-ratio: expected a share between 0 and 1, got " + maxRatio);
      }
    } catch (com.typesafe.config.ConfigException e) {
      p.add("quarantine.max-ratio: expected a share between 0 and 1, got " + c.getValue("quarantine.max-ratio").render());
    }
    Rules.SchemaEvolution evolution =
        p.enumValue(c, "schema.evolution", Rules.SchemaEvolution.class, "none, additive, permissive",
            Rules.SchemaEvolution.ADDITIVE);
    return new Rules(steps, maxRatio, evolution);
  }

  private static Map<String, String> stringMap(Config c, String key, Problems p) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getObject(key).entrySet()) {
      if (e.getValue().valueType() == ConfigValueType.STRING) {
        out.put(e.getKey(), (String) e.getValue().unwrapped());
      } else {
        p.add(key + "." + e.getKey() + ": expected a string, got " + e.getValue().render());
      }
    }
    return out;
  }

  private static Map<String, Rules.ColumnCast> casts(Config c, Problems p, Rules.OnCastError defaultOnError) {
    Map<String, Rules.ColumnCast> out = new LinkedHashMap<>();
    Config casts = c.getConfig("conform.cast");
    for (String column : c.getObject("conform.cast").keySet()) {
      String key = "conform.cast." + (IDENTIFIER.matcher(column).matches() ? column : ConfigUtil.quoteString(column));
      Config one;
      try {
        one = casts.getConfig(ConfigUtil.quoteString(column));
      } catch (com.typesafe.config.ConfigException e) {
        p.add(key + ": expected an object such as { type = \"decimal(12,2)\" }, got " + c.getObject("conform.cast").get(column).render());
        continue;
      }
      String type = one.hasPath("type") ? one.getString("type") : null;
      if (type == null) {
        p.add(key + ".type: missing (expected a Spark SQL type such as decimal(12,2), timestamp, boolean, int)");
        continue;
      }
      try {
        org.apache.spark.sql.types.DataType.fromDDL(type);
      } catch (Exception e) {
        // Spark's ParseException is checked in Java but not declared.
        p.add(key + ".type: '" + type + "' is not a Spark SQL type (expected e.g. decimal(12,2), timestamp, boolean, int)");
        continue;
      }
      Rules.TimestampSource from = null;
      if (one.hasPath("from")) {
        from = p.enumValue(c, key + ".from", Rules.TimestampSource.class,
            "iso8601, epoch-seconds, epoch-millis, epoch-micros, pattern", null);
      } else if (type.trim().equalsIgnoreCase("timestamp")) {
        from = Rules.TimestampSource.ISO8601;
      }
      String pattern = one.hasPath("pattern") ? one.getString("pattern") : null;
      if (from == Rules.TimestampSource.PATTERN && pattern == null) {
        p.add(key + ".pattern: missing (expected a Spark datetime pattern with from = pattern)");
      }
      Rules.OnCastError onError = one.hasPath("on-error")
          ? p.enumValue(c, key + ".on-error", Rules.OnCastError.class, "null, quarantine", defaultOnError)
          : defaultOnError;
      out.put(column, new Rules.ColumnCast(type, from, pattern, onError));
    }
    return out;
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

    void throwIfAny() {
      if (!list.isEmpty()) {
        throw new ConfigException(list);
      }
    }

    String string(Config c, String key, String expected) {
      if (!c.hasPath(key)) {
        list.add(key + ": missing (expected " + expected + ")");
        return null;
      }
      ConfigValue v = c.getValue(key);
      if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
        list.add(key + ": expected " + expected + ", got " + v.render());
        return null;
      }
      return String.valueOf(v.unwrapped());
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

    List<String> stringList(Config c, String key, String expected) {
      if (!c.hasPath(key)) {
        list.add(key + ": missing (expected " + expected + ")");
        return null;
      }
      try {
        return c.getStringList(key);
      } catch (com.typesafe.config.ConfigException e) {
        list.add(key + ": expected " + expected + ", got " + c.getValue(key).render());
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
      String v = string(c, key, "one of " + allowed);
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
        list.add(key + ": '" + v + "' is not supported (expected one of " + allowed + ")");
        return fallback;
      }
    }

    private static String render(Config c, String key) {
      return c.hasPathOrNull(key) && !c.getIsNull(key) ? c.getValue(key).render() : "nothing";
    }
  }
}
