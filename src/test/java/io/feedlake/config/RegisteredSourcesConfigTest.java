package io.feedlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.config.JobSpec.ConsoleFormat;
import io.feedlake.config.sources.DebeziumSourceConfig.BeforeImage;
import io.feedlake.config.sources.DebeziumSourceConfig.Container;
import io.feedlake.config.sources.DebeziumSourceConfig.DebeziumSourceSpec;
import io.feedlake.config.sources.FilesSourceConfig.FileFormat;
import io.feedlake.config.sources.FilesSourceConfig.FilesSourceSpec;
import io.feedlake.config.sources.FilesSourceConfig.KafkaColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source types registered in {@link SourceTypes} (files, debezium) and their validators. */
class RegisteredSourcesConfigTest {
  private static final String CONFORM = "conform { event-time { field = \"ts\" }, dedupe.key = [] }\n";

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

  private List<String> problems(String text) throws IOException {
    Files.writeString(home.resolve("jobs/j.conf"), text + "\n" + CONFORM);
    ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(home, null, Map.of()).job("j"),
        ConfigException.class);
    assertThat(e).as("expected a ConfigException").isNotNull();
    return e.problems();
  }

  @Test
  void everyTypeIsListedOnceWithTheRegisteredOnesLast() {
    assertThat(SourceTypes.known())
        .containsExactly("kafka-json", "kafka-console", "kafka-connect-s3", "delimited", "adobe", "files", "debezium");
    assertThat(SourceTypes.validator("kafka-json")).isNull();
    assertThat(SourceTypes.validator("files")).isNotNull();
  }

  @Test
  void filesTakeTheFormatsDefaultEndingsAndTheKafkaColumns() throws IOException {
    FilesSourceSpec s = (FilesSourceSpec) job("source { type = files, path = \"/alpha\", "
        + "dump-dir = \"alpha/event=A/date={date}\", schema.ddl = \"ts STRING\", "
        + "files { format = orc, kafka-partition-column = p, kafka-offset-column = o } }").source();

    assertThat(s.format()).isEqualTo(FileFormat.ORC);
    assertThat(s.extensions()).containsExactly(".orc");
    assertThat(s.dumpDir()).isEqualTo("alpha/event=A/date={date}");
    assertThat(s.kafkaColumns()).isEqualTo(new KafkaColumns(null, "p", "o"));
    assertThat(s.topic()).isNull();
  }

  @Test
  void filesProblemsAreReportedTogether() throws IOException {
    assertThat(problems("source { type = files, path = \"/alpha\", dump-dir = \"{topic}/x\", "
        + "files { format = csv, kafka-offset-column = o } }"))
        .containsExactly(
            "source.dump-dir: '{topic}/x' has no {date} placeholder (expected e.g. {topic}/dt={date})",
            "source.files.format: 'csv' is not supported (expected one of parquet, orc, avro, json)",
            "source.schema: missing (expected source.schema.ddl, a Spark DDL string, or source.schema.avsc, "
                + "an Avro schema file)",
            "source.files.kafka-partition-column and source.files.kafka-offset-column: set both or neither "
                + "(got partition 'null', offset 'o')");
  }

  @Test
  void anotherTypesSectionIsRefused() throws IOException {
    assertThat(problems("source { type = kafka-json, path = \"/a\", topic = t, schema.ddl = \"ts STRING\", "
        + "files.format = orc }"))
        .containsExactly("source.files.format: is set (\"orc\") but only source.type files reads it (this job's "
            + "source.type is kafka-json); remove it");
  }

  @Test
  void debeziumDefaultsToKcatDumpsWithTheBeforeImageAsJson() throws IOException {
    DebeziumSourceSpec s = (DebeziumSourceSpec) job("source { type = debezium, path = \"/alpha\", "
        + "topic = \"dbserver1.inventory.customers\", schema.ddl = \"id INT\" }").source();

    assertThat(s.container()).isEqualTo(Container.KCAT);
    assertThat(s.before()).isEqualTo(BeforeImage.JSON);
    assertThat(s.dumpDir()).isEqualTo("dbserver1.inventory.customers/dt={date}");
    assertThat(s.keyFields()).isEmpty();
  }

  @Test
  void connectObjectsNeedTheKeyFields() throws IOException {
    assertThat(problems("source { type = debezium, path = \"/alpha\", topic = t, schema.ddl = \"id INT\", "
        + "dump-dir = \"topics/{topic}/dt={date}\", debezium { container = connect-json, before = map } }"))
        .containsExactly(
            "source.debezium.key: required with container connect-json, whose objects hold no Kafka key "
                + "(expected the row's key fields, e.g. [id])",
            "source.debezium.before: 'map' is not supported (expected one of json, struct)");
  }

  @Test
  void debeziumConsoleDumpsReadTheConsoleKeysAsKafkaConsoleDoes() throws IOException {
    DebeziumSourceSpec s = (DebeziumSourceSpec) job("source { type = debezium, path = \"/alpha\", topic = t, "
        + "schema.ddl = \"id INT\", debezium.container = console, console { print-key = true, null-literal = NULL } }")
        .source();
    assertThat(s.console()).isEqualTo(new ConsoleFormat(false, false, false, false, true, "\t", ",", "NULL"));

    String console = "console { print-key = maybe, key-separator = \"\" }";
    List<String> debezium = problems("source { type = debezium, path = \"/alpha\", topic = t, "
        + "schema.ddl = \"id INT\", debezium { container = console, key = [id] }, " + console + " }");
    assertThat(debezium).containsExactly(
        "source.console.print-key: expected true or false, got \"maybe\"",
        "source.console.key-separator: expected the text between two fields, e.g. \\t, got an empty string");
    assertThat(problems("source { type = kafka-console, path = \"/alpha\", topic = t, schema.ddl = \"id INT\", "
        + console + " }")).isEqualTo(debezium);
  }

  @Test
  void theBundledJobsOfTheNewTypesLoad() {
    ConfigLoader bundled = ConfigLoader.load(Paths.get(""), null, Map.of("lake.root", home.resolve("lake").toString()));
    assertThat(bundled.job("vsco_alpha_parquet").source()).isInstanceOf(FilesSourceSpec.class);
    assertThat(bundled.job("inventory_customers").source()).isInstanceOf(DebeziumSourceSpec.class);
  }
}
