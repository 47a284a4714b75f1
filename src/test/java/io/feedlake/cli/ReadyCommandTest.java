package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.config.ConfigLoader;
import io.feedlake.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code feedlake ready} on the repository's jobs: exit 0 when complete, 4 with the reason when not. */
class ReadyCommandTest {
  private static final Path HOME = Paths.get("").toAbsolutePath();

  @TempDir Path alpha;

  @BeforeAll
  static void home() {
    System.setProperty("feedlake.home", HOME.toString());
  }

  @Test
  void everyRepositoryJobLoadsWithItsAirflowSection() {
    ConfigLoader loader = ConfigLoader.load(HOME, null, Map.of());
    assertThat(loader.jobNames()).isNotEmpty();
    loader.jobNames().forEach(loader::job);
  }

  @Test
  void aDumpWithoutItsMarkerIsNotReadyUntilTheMarkerAppears() throws IOException {
    Path dir = Files.createDirectories(alpha.resolve("vsco_behavior/dt=2024-03-01"));
    Files.writeString(dir.resolve("part-0.json"), "{}\n");
    String[] args = {"ready", "--job", "vsco_events", "--date", "2024-03-01", "--set", "source.path=" + alpha,
        "--set", "source.ready=marker"};

    Cli.Result missing = Cli.run(args);
    assertThat(missing.exit()).isEqualTo(4);
    assertThat(missing.err().strip()).isEqualTo("feedlake ready: error (exit 4): Not ready: kcat dump for topic "
        + "vsco_behavior on 2024-03-01: marker file " + dir.resolve("_SUCCESS") + " is missing (source.ready = marker)");

    Files.writeString(dir.resolve("_SUCCESS"), "");
    Cli.Result present = Cli.run(args);
    assertThat(present.exit()).as(present.err()).isEqualTo(0);
    assertThat(present.out()).contains("ready: ", "(1 files, 3 bytes)");
    assertThat(SparkSession.getDefaultSession().isDefined()).isFalse();
  }

  @Test
  void theJsonSummaryNamesTheFilesAndBytes() throws IOException {
    Path dir = Files.createDirectories(alpha.resolve("vsco_behavior/dt=2024-03-01"));
    Files.writeString(dir.resolve("part-0.json"), "{}\n{}\n");

    Cli.Result r = Cli.run("ready", "--job", "vsco_events", "--date", "2024-03-01", "--set", "source.path=" + alpha,
        "--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    assertThat(r.out().strip()).startsWith("{").contains("\"command\":\"ready\"", "\"exit_code\":0",
        "\"files\":1", "\"bytes\":6", "\"date\":\"2024-03-01\"");
  }

  @Test
  void anAdobeDeliveryIsReadyWhenItsManifestIs() {
    Cli.Result ready = Cli.run("ready", "--job", "adobe_clickstream", "--date", "2024-03-02");
    assertThat(ready.exit()).as(ready.err()).isEqualTo(0);
    assertThat(ready.out()).contains("(2 files, ");

    Cli.Result notYet = Cli.run("ready", "--job", "adobe_clickstream", "--date", "2024-03-03");
    assertThat(notYet.exit()).isEqualTo(4);
    assertThat(notYet.err()).startsWith("feedlake ready: error (exit 4): ").contains("examplersid_2024-03-03.txt");
  }

  @Test
  void badReadySettingsExitTwo() {
    Cli.Result r = Cli.run("ready", "--job", "vsco_events", "--date", "2024-03-01", "--set", "source.ready=soon",
        "--set", "source.ready-marker=a/b");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("source.ready: 'soon' is not supported (expected one of any, marker, quiet-period)",
        "source.ready-marker: 'a/b' is not a file name (expected a name such as _SUCCESS, looked for in the date's "
            + "directory)");
    Cli.Result adobe = Cli.run("ready", "--job", "adobe_clickstream", "--date", "2024-03-02", "--set",
        "source.ready=marker");
    assertThat(adobe.exit()).isEqualTo(2);
    assertThat(adobe.err()).contains("source.ready: an adobe delivery is ready when its manifest is there (got "
        + "'marker'; remove it)");
  }
}
