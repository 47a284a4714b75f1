package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.feedlake.config.JobSpec.ConsoleFormat;
import io.feedlake.config.JobSpec.ReadyRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The {@code source.*} keys of one job as a source type's validator ({@link SourceConfigValidator})
 * reads them: typed getters that report a problem naming the key and the value found instead of
 * throwing, so that every problem of a job is reported at once (exit 2). Values come from the
 * job's layered config, so every key has the default {@code reference.conf} gives it. Driver only.
 */
public final class SourceSection {
  private final Config config;
  private final String type;
  private final String jobsDir;
  private final ReadyRule ready;
  private final Consumer<String> problems;
  private int count;

  SourceSection(Config config, String type, String jobsDir, ReadyRule ready, Consumer<String> problems) {
    this.config = config;
    this.type = type;
    this.jobsDir = jobsDir;
    this.ready = ready;
    this.problems = problems;
  }

  /** The job's {@code source.type}. */
  public String type() {
    return type;
  }

  /** {@code source.ready}, {@code source.ready-marker} and {@code source.quiet-period}, already validated. */
  public ReadyRule ready() {
    return ready;
  }

  /** Reports a problem; {@code problem} starts with the key, e.g. {@code source.files.format: ...}. */
  public void problem(String problem) {
    count++;
    problems.accept(problem);
  }

  /** Problems reported through this section so far. */
  public int problemCount() {
    return count;
  }

  /** A required text value; null (and a problem) when it is missing, null or not text. */
  public String string(String key, String expected) {
    if (!config.hasPath(key)) {
      problem(key + ": missing (expected " + expected + ")");
      return null;
    }
    ConfigValue v = config.getValue(key);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      problem(key + ": expected " + expected + ", got " + v.render(ConfigRenderOptions.concise()));
      return null;
    }
    return String.valueOf(v.unwrapped());
  }

  /** A text value that may be null or absent (null then); an empty string is returned as null too. */
  public String optionalString(String key) {
    if (!config.hasPath(key)) {
      return null;
    }
    ConfigValue v = config.getValue(key);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      problem(key + ": expected a text value, got " + v.render(ConfigRenderOptions.concise()));
      return null;
    }
    String s = String.valueOf(v.unwrapped());
    return s.isEmpty() ? null : s;
  }

  /** A list of text values; an empty list when absent, null (and a problem) when not a list of text. */
  public List<String> stringList(String key, String expected) {
    if (!config.hasPath(key)) {
      return List.of();
    }
    ConfigValue v = config.getValue(key);
    if (v.valueType() != ConfigValueType.LIST) {
      problem(key + ": expected " + expected + ", got " + v.render(ConfigRenderOptions.concise()));
      return null;
    }
    List<String> out = new ArrayList<>();
    for (ConfigValue e : config.getList(key)) {
      if (e.valueType() == ConfigValueType.OBJECT || e.valueType() == ConfigValueType.LIST
          || e.valueType() == ConfigValueType.NULL) {
        problem(key + ": expected " + expected + ", got " + v.render(ConfigRenderOptions.concise()));
        return null;
      }
      out.add(String.valueOf(e.unwrapped()));
    }
    return List.copyOf(out);
  }

  /** A boolean value; {@code false} (and a problem) when it is missing or not a boolean. */
  public boolean bool(String key) {
    try {
      return config.getBoolean(key);
    } catch (com.typesafe.config.ConfigException e) {
      problem(key + ": expected true or false, got "
          + (config.hasPath(key) ? config.getValue(key).render(ConfigRenderOptions.concise()) : "nothing"));
      return false;
    }
  }

  /**
   * The {@code source.console.*} keys: the {@code kafka-console-consumer --property} settings a
   * dump was made with (Kafka's {@code DefaultMessageFormatter} defaults come from {@code
   * reference.conf}: nothing but the value printed, TAB and comma separators, {@code null}); read
   * as {@code kafka-console} reads them ({@link DumpSourceSection#consoleFormat}), with the same
   * problems.
   */
  public ConsoleFormat consoleFormat() {
    Problems found = new Problems();
    ConsoleFormat format = DumpSourceSection.consoleFormat(config, found);
    found.list.forEach(this::problem);
    return format;
  }

  /**
   * An enum value written in lower case with dashes ({@code connect-json} for {@code
   * CONNECT_JSON}); {@code fallback} (and a problem listing {@code allowed}) when it is not one.
   */
  public <E extends Enum<E>> E enumValue(String key, Class<E> enumType, String allowed, E fallback) {
    String v = string(key, "one of " + allowed);
    if (v == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(enumType, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      problem(key + ": '" + v + "' is not supported (expected one of " + allowed + ")");
      return fallback;
    }
  }

  /**
   * A file named by {@code key}, relative paths being against {@code jobs.dir}; null when the key
   * is unset, and a problem when the file does not exist.
   *
   * @return the absolute path as text
   */
  public String existingFile(String key) {
    String v = optionalString(key);
    if (v == null) {
      return null;
    }
    Path p = Paths.get(v);
    if (!p.isAbsolute()) {
      p = Paths.get(jobsDir).resolve(p);
    }
    if (!Files.isRegularFile(p)) {
      problem(key + ": file " + p + " does not exist");
    }
    return p.toString();
  }

  /**
   * {@code source.schema.ddl} or {@code source.schema.avsc} (exactly one, the avsc resolved
   * against {@code jobs.dir}); the two-element array {@code [ddl, avsc]}, or null on a problem.
   */
  public String[] payloadSchema() {
    String ddl = optionalString("source.schema.ddl");
    String avsc = existingFile("source.schema.avsc");
    if (ddl == null && avsc == null) {
      problem("source.schema: missing (expected source.schema.ddl, a Spark DDL string, or "
          + "source.schema.avsc, an Avro schema file)");
      return null;
    }
    if (ddl != null && avsc != null) {
      problem("source.schema: both ddl and avsc are set (expected exactly one)");
      return null;
    }
    return new String[] {ddl, avsc};
  }

  /**
   * {@code source.dump-dir}: required, with a {@code {date}} placeholder, and with {@code
   * {topic}} only when {@code topic} is set; null on a problem.
   */
  public String dumpDir(String topic) {
    String dumpDir = string("source.dump-dir", "a relative directory with {date}, e.g. {topic}/dt={date}");
    if (dumpDir == null) {
      return null;
    }
    if (!dumpDir.contains("{date}")) {
      problem("source.dump-dir: '" + dumpDir + "' has no {date} placeholder (expected e.g. {topic}/dt={date})");
      return null;
    }
    if (topic == null && dumpDir.contains("{topic}")) {
      problem("source.dump-dir: '" + dumpDir + "' uses {topic}, but source.topic is not set (set source.topic, "
          + "or a source.dump-dir without it, e.g. alpha/event=A/date={date})");
      return null;
    }
    return topic == null ? dumpDir : dumpDir.replace("{topic}", topic);
  }
}
