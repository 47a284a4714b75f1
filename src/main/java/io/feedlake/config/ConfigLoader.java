package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.feedlake.config.JobSpec.LayoutSpec;
import io.feedlake.config.JobSpec.SourceSpec;
import io.feedlake.config.JobSpec.TableName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads HOCON configuration and validates it into immutable records. The config package is the
 * only one that touches Typesafe Config; this class reads and layers the files, and each section's
 * validator builds its part ({@link SettingsSection}, {@link DumpSourceSection} with the types
 * registered in {@link SourceTypes}, {@link AdobeSection}, {@link ConformSection}, {@link
 * LayoutSection}, {@link RulesSection}, {@link ChecksSpec}). Layering, highest priority first:
 * {@code --set} overrides, {@code jobs/<job>.conf} (for job commands), {@code
 * conf/application.conf} or {@code --conf-file}, and {@code reference.conf} from the jar. Validation collects every problem before failing with one
 * {@link ConfigException} (exit code 2).
 */
public final class ConfigLoader {
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
    Settings s = SettingsSection.read(c, p, home.toString(), order(null));
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
    Settings settings = SettingsSection.read(c, p, home.toString(), order(null));
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
    return NamedFiles.inside(ConfigKeys.absolute(dir), name, ".conf", "job");
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
    ConfigKeys.checkUnknownKeys(merged, reference.withFallback(homeLayer).resolve(), p);
    return merged;
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
    Settings settings =
        SettingsSection.read(resolve(parseFile(jobFile, new ArrayList<>()), p), p, home.toString(), order(null));
    p.throwIfAny();
    return settings;
  }

  /**
   * The job's sections in the order their keys were always checked: table, source (Adobe jobs
   * have their own section), the keys of other source types, conform, layout, rules.
   */
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
      AdobeSection.refuseReadyRule(c, p);
      return AdobeSection.read(name, new TableName(database, table), c, p, order, reference);
    }
    SourceSpec source = DumpSourceSection.read(c, settings, p);
    DumpSourceSection.unusedSections(c, p, type, reference);
    ConformSection.Read conform = ConformSection.read(c, p, order);
    LayoutSpec layout = LayoutSection.read(c, p);
    Rules rules = RulesSection.read(c, p, order, reference);
    JobSpec.DedupeKeep keep = ConformSection.keep(c, p);
    if (p.any()) {
      return null;
    }
    return new JobSpec(name, new TableName(database, table), source, conform.with(keep), layout, rules);
  }

}
