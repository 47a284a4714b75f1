package io.feedlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.config.JobSpec.ConnectDateSelection;
import io.feedlake.config.JobSpec.ConnectFormat;
import io.feedlake.config.JobSpec.ConsoleFormat;
import io.feedlake.config.JobSpec.DelimitedSourceSpec;
import io.feedlake.config.JobSpec.KafkaConnectS3SourceSpec;
import io.feedlake.config.JobSpec.KafkaConsoleSourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source.* keys of the kafka-console, kafka-connect-s3 and delimited source types. */
class SourceConfigTest {
  private static final String CONFORM =
      "conform { event-time { field = \"ts\" }, dedupe.key = [] }\nsource.schema.ddl = \"ts STRING\"\n";

  @TempDir Path home;

  @BeforeEach
  void createHome() throws IOException {
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("jobs"));
    Files.writeString(home.resolve("conf/application.conf"), "lake.root = \"" + home.resolve("lake") + "\"\n");
  }

  private JobSpec job(String text) throws IOException {
    Files.writeString(home.resolve("jobs/j.conf"), text + "\n" + CONFORM);
    return ConfigLoader.load(home, null, Map.of()).job("j");
  }

  private ConfigException problems(String text) throws IOException {
    Files.writeString(home.resolve("jobs/j.conf"), text + "\n" + CONFORM);
    ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(home, null, Map.of()).job("j"),
        ConfigException.class);
    assertThat(e).as("expected a ConfigException").isNotNull();
    return e;
  }

  @Test
  void consoleDumpsTakeThePrintPropertiesWithKafkasDefaults() throws IOException {
    KafkaConsoleSourceSpec s = (KafkaConsoleSourceSpec) job(
        "source { type = \"kafka-console\", path = \"/alpha\", topic = \"t\", console.print-offset = true }").source();

    assertThat(s.format()).isEqualTo(new ConsoleFormat(false, false, true, false, false, "\t", ",", "null"));
    assertThat(s.extensions()).containsExactly(".txt", ".log", ".txt.gz", ".log.gz");
    assertThat(s.dumpDir()).isEqualTo("{topic}/dt={date}");
  }

  @Test
  void consoleSettingsOfTheWrongKindAreReported() throws IOException {
    ConfigException e = problems("source { type = \"kafka-console\", path = \"/a\", topic = \"t\", "
        + "console { print-key = maybe, key-separator = \"\" } }");

    assertThat(e.problems()).containsExactly(
        "source.console.print-key: expected true or false, got \"maybe\"",
        "source.console.key-separator: expected the text between two fields, e.g. \\t, got an empty string");
  }

  @Test
  void connectS3PathDateReadsTheTopicDirectory() throws IOException {
    KafkaConnectS3SourceSpec s = (KafkaConnectS3SourceSpec) job(
        "source { type = \"kafka-connect-s3\", path = \"s3a://b\", topic = \"t\", dump-dir = \"topics/{topic}\", "
            + "connect.format = avro }").source();

    assertThat(s.format()).isEqualTo(ConnectFormat.AVRO);
    assertThat(s.dateSelection()).isEqualTo(ConnectDateSelection.PATH_DATE);
    assertThat(s.topicDir()).isEqualTo("topics/{topic}");
  }

  @Test
  void connectS3DumpDirMustMatchTheDateSelection() throws IOException {
    assertThat(problems("source { type = \"kafka-connect-s3\", path = \"/a\", topic = \"t\" }").problems())
        .containsExactly("source.dump-dir: '{topic}/dt={date}' contains {date}, but source.connect.date-selection = "
            + "path-date takes the date from the year=/month=/day= directories (expected the connector's topic "
            + "directory, e.g. topics/{topic})");
    assertThat(problems("source { type = \"kafka-connect-s3\", path = \"/a\", topic = \"t\", dump-dir = \"topics/{topic}\","
        + " connect.date-selection = prefix, extensions = [\".json\"], connect.format = parquet }").problems())
        .containsExactly(
            "source.connect.format: 'parquet' is not supported (expected one of json, avro)",
            "source.dump-dir: 'topics/{topic}' has no {date} placeholder, which source.connect.date-selection = prefix "
                + "needs (expected e.g. {date}/topics/{topic})",
            "source.extensions: not used by kafka-connect-s3, whose object names end as source.connect.format says "
                + "(.json, .json.gz or .avro) (got [.json]); remove it");
  }

  @Test
  void delimitedNeedsNoTopicAndReadsItsDialect() throws IOException {
    DelimitedSourceSpec s = (DelimitedSourceSpec) job(
        "source { type = delimited, path = \"/landing\", dump-dir = \"annalect/dt={date}\", "
            + "delimited { delimiter = \"\\t\", null-value = \"\\\\N\", timestamp-format = \"yyyy-MM-dd HH:mm:ss\" } }")
        .source();

    assertThat(s.delimiter()).isEqualTo('\t');
    assertThat(s.quote()).isEqualTo('"');
    assertThat(s.escape()).isEqualTo('\\');
    assertThat(s.nullValue()).isEqualTo("\\N");
    assertThat(s.timestampFormat()).isEqualTo("yyyy-MM-dd HH:mm:ss");
    assertThat(s.columnsDdl()).isEqualTo("ts STRING");
    assertThat(s.extensions()).containsExactly(".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz");
  }

  @Test
  void delimitedDumpDirMayNameATopic() throws IOException {
    DelimitedSourceSpec s = (DelimitedSourceSpec) job(
        "source { type = delimited, path = \"/landing\", topic = annalect, dump-dir = \"{topic}/dt={date}\" }").source();

    assertThat(s.dumpDir()).isEqualTo("annalect/dt={date}");
  }

  @Test
  void delimitedProblemsAreReportedTogether() throws IOException {
    Files.writeString(home.resolve("jobs/x.avsc"), "{}");
    ConfigException e = problems("source { type = delimited, path = \"/l\", schema.avsc = \"x.avsc\", "
        + "delimited { delimiter = \";;\", quote = \";\", timestamp-format = \"yyyy-MM-dd {\" } }");

    assertThat(e.problems()).containsExactly(
        "source.dump-dir: '{topic}/dt={date}' uses {topic}, but source.topic is not set (a delimited source has no "
            + "topic: set source.dump-dir, e.g. annalect/dt={date})",
        "source.schema: both ddl and avsc are set (expected exactly one)",
        "source.delimited.delimiter: expected one character such as , or \\t, got ';;' (2 characters)",
        "source.delimited.timestamp-format: 'yyyy-MM-dd {' is not a datetime pattern (Pattern includes reserved character: '{')");
  }

  @Test
  void unsupportedSourceTypeListsTheSupportedOnes() throws IOException {
    assertThat(problems("source { type = parquet, path = \"/a\", topic = \"t\" }").problems())
        .containsExactly("source.type: unsupported source type 'parquet' (expected one of "
            + "[kafka-json, kafka-console, kafka-connect-s3, delimited, adobe, files, debezium])");
  }
}
