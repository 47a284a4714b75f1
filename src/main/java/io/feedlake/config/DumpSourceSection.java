package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.feedlake.config.JobSpec.ConnectDateSelection;
import io.feedlake.config.JobSpec.ConnectFormat;
import io.feedlake.config.JobSpec.ConsoleFormat;
import io.feedlake.config.JobSpec.DelimitedSourceSpec;
import io.feedlake.config.JobSpec.KafkaConnectS3SourceSpec;
import io.feedlake.config.JobSpec.KafkaConsoleSourceSpec;
import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.config.JobSpec.ReadyMode;
import io.feedlake.config.JobSpec.ReadyRule;
import io.feedlake.config.JobSpec.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code source.*} keys of a payload source: {@code source.type} (an unknown type is a problem
 * listing {@link SourceTypes#known()}), the built-in dump sources ({@code kafka-json}, {@code
 * kafka-console}, {@code kafka-connect-s3}, {@code delimited}) validated here, and the registered
 * types handed to their own {@link SourceConfigValidator}. Also the check that no job sets another
 * type's keys ({@link #unusedSections}).
 */
final class DumpSourceSection {
  /** Values of {@code source.type}. */
  static final List<String> SOURCE_TYPES = SourceTypes.known();

  /** File endings read when {@code source.extensions} is empty, per source type. */
  static final Map<String, List<String>> DEFAULT_EXTENSIONS =
      Map.of(
          "kafka-json", List.of(".json", ".jsonl", ".json.gz", ".jsonl.gz"),
          "kafka-console", List.of(".txt", ".log", ".txt.gz", ".log.gz"),
          "delimited", List.of(".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz"));

  private DumpSourceSection() {}

  /** Validates the {@code source.*} keys of a job; returns null when there is a problem. */
  static SourceSpec read(Config c, Settings settings, Problems p) {
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
  static ReadyRule readyRule(Config c, Problems p) {
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

  /**
   * The {@code source.console.*} keys: five {@code print-*} booleans, then the two separators and
   * the null literal (each non-empty text). Problems go to {@code p} in that order; a field with a
   * problem is false or null. The one reader of these keys: {@code kafka-console} here and {@code
   * debezium}'s console container through {@link SourceSection#consoleFormat()}.
   */
  static ConsoleFormat consoleFormat(Config c, Problems p) {
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

  static DelimitedSourceSpec delimited(
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

  /**
   * Job keys a source type does not read: set to anything but their default, they are a problem
   * (they would be ignored without a word).
   *
   * @param reference reference.conf, for the defaults
   */
  static void unusedSections(Config c, Problems p, String type, Config reference) {
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
          ConfigKeys.leafPaths(o, e.getKey(), leaves);
        } else {
          leaves.add(e.getKey());
        }
      }
      for (String leaf : leaves) {
        if (!ConfigKeys.isDefault(reference, c, leaf)) {
          p.add(leaf + ": is set (" + c.getValue(leaf).render(ConfigRenderOptions.concise()) + ") but only source.type "
              + e.getValue() + " reads it (this job's source.type is " + type + "); remove it");
        }
      }
    }
  }
}
