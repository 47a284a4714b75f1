package io.feedlake.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dump source type applies {@code source.ready} in the listing that {@code ingest} and
 * {@code ready} both call, from the job file to the source.
 */
class ReadyRuleSourcesTest {
  private static final LocalDate DATE = LocalDate.of(2024, 3, 1);
  private static final String CONFORM =
      "conform { event-time { field = \"ts\" }, dedupe.key = [] }\nsource.schema.ddl = \"ts STRING\"\n"
          + "source.ready = marker\n";

  @TempDir Path home;

  @BeforeEach
  void createHome() throws IOException {
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("jobs"));
    Files.writeString(home.resolve("conf/application.conf"), "lake.root = \"" + home.resolve("lake") + "\"\n");
  }

  private FeedSource source(String sourceBlock) throws IOException {
    Files.writeString(home.resolve("jobs/j.conf"), sourceBlock + "\n" + CONFORM);
    return Sources.create(ConfigLoader.load(home, null, Map.of()).job("j"));
  }

  private void assertMarkerGates(FeedSource source, Path dir, String dataFile) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(dataFile), "{\"ts\": \"2024-03-01T00:00:00Z\"}\n");
    FeedlakeException e = catchThrowableOfType(() -> source.list(new Configuration(), DATE), FeedlakeException.class);
    assertThat(e).as("expected exit 4 without the marker").isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_NOT_READY);
    assertThat(e.getMessage()).startsWith("Not ready: ")
        .endsWith(": marker file " + dir.resolve("_SUCCESS") + " is missing (source.ready = marker)");

    Files.writeString(dir.resolve("_SUCCESS"), "");
    assertThat(source.list(new Configuration(), DATE)).hasSize(1);
  }

  @Test
  void kcatJson() throws IOException {
    FeedSource s = source("source { type = \"kafka-json\", path = \"" + home.resolve("alpha") + "\", topic = \"t\" }");
    assertMarkerGates(s, home.resolve("alpha/t/dt=2024-03-01"), "part-0.json");
  }

  @Test
  void kafkaConsole() throws IOException {
    FeedSource s = source("source { type = \"kafka-console\", path = \"" + home.resolve("alpha") + "\", topic = \"t\" }");
    assertMarkerGates(s, home.resolve("alpha/t/dt=2024-03-01"), "part-0.txt");
  }

  @Test
  void delimited() throws IOException {
    FeedSource s = source("source { type = \"delimited\", path = \"" + home.resolve("alpha")
        + "\", dump-dir = \"crm/dt={date}\" }");
    assertMarkerGates(s, home.resolve("alpha/crm/dt=2024-03-01"), "leads.csv");
  }

  @Test
  void kafkaConnectS3PathDateAndPrefix() throws IOException {
    FeedSource pathDate = source("source { type = \"kafka-connect-s3\", path = \"" + home.resolve("s3")
        + "\", topic = \"t\", dump-dir = \"topics/{topic}\" }");
    assertMarkerGates(pathDate, home.resolve("s3/topics/t/year=2024/month=03/day=01"), "t+0+0000000000.json");

    FeedSource prefix = source("source { type = \"kafka-connect-s3\", path = \"" + home.resolve("s3p")
        + "\", topic = \"t\", dump-dir = \"{date}/topics/{topic}\", connect.date-selection = prefix }");
    assertMarkerGates(prefix, home.resolve("s3p/2024-03-01/topics/t"), "t+0+0000000000.json");
  }
}
