package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import io.feedlake.config.ReportSpecs;
import io.feedlake.config.Settings;
import io.feedlake.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs.dir} (and the report directories below it) given as a Hadoop URI: read through the
 * Hadoop FileSystem from a local copy. A {@code file:} URI takes the same path as {@code s3a://}
 * (S3IT and StandaloneClusterIT cover s3a).
 */
class ConfFilesTest {
  private static final Path HOME = Paths.get("").toAbsolutePath();

  @TempDir Path tmp;

  @BeforeAll
  static void home() {
    System.setProperty("feedlake.home", HOME.toString());
  }

  private Path shippedJobsElsewhere() throws IOException {
    Path jobs = tmp.resolve("remote/jobs");
    FileUtils.copyDirectory(HOME.resolve("jobs").toFile(), jobs.toFile());
    return jobs;
  }

  @Test
  void aJobsDirUriIsCopiedWholeAndItsJobsSchemasAndReportsAreReadFromTheCopy() throws IOException {
    Path remote = shippedJobsElsewhere();
    Map<String, String> overrides = new LinkedHashMap<>(Map.of("jobs.dir", remote.toUri().toString()));
    Map<String, String> local = ConfFiles.localDirectories(ConfigLoader.load(HOME, null, overrides));

    assertThat(local).containsOnlyKeys("jobs.dir", "report.dir", "report.views-dir");
    Path copy = Paths.get(local.get("jobs.dir"));
    assertThat(copy).isNotEqualTo(remote).isDirectory();
    assertThat(local.get("report.dir")).isEqualTo(copy.resolve("reports").toString());
    assertThat(local.get("report.views-dir")).isEqualTo(copy.resolve("views").toString());
    assertThat(copy.resolve("reports/events_per_type_per_day.sql")).hasSameTextualContentAs(
        remote.resolve("reports/events_per_type_per_day.sql"));

    overrides.putAll(local);
    ConfigLoader loader = ConfigLoader.load(HOME, null, overrides);
    // Deleting the original proves the reads come from the copy.
    FileUtils.deleteDirectory(remote.toFile());
    assertThat(loader.jobNames()).containsExactly("adobe_clickstream", "crm_leads", "gif_activity", "inventory_customers",
        "vsco_alpha_parquet", "vsco_events");
    KafkaJsonSourceSpec gif = (KafkaJsonSourceSpec) loader.job("gif_activity").source();
    assertThat(gif.payloadAvsc()).isEqualTo(copy.resolve("schemas/gif_activity.avsc").toString());
    Settings settings = loader.settings();
    assertThat(ReportSpecs.names(settings.report().dir())).contains("events_per_type_per_day", "gif_clicks");
  }

  @Test
  void aReportDirOutsideTheJobsDirIsCopiedOnItsOwnAndPlainPathsAreLeftAlone() throws IOException {
    Path reports = tmp.resolve("elsewhere/reports");
    FileUtils.copyDirectory(HOME.resolve("jobs/reports").toFile(), reports.toFile());
    Map<String, String> local = ConfFiles.localDirectories(ConfigLoader.load(HOME, null,
        Map.of("report.dir", reports.toUri().toString() + "/")));

    assertThat(local).containsOnlyKeys("report.dir");
    assertThat(Paths.get(local.get("report.dir")).resolve("gif_clicks.conf")).isRegularFile();
    assertThat(ConfFiles.localDirectories(ConfigLoader.load(HOME, null, Map.of()))).isEmpty();
  }

  @Test
  void aMissingJobsDirUriIsAUsageErrorNamingIt() {
    String missing = tmp.resolve("nope/jobs").toUri().toString();
    assertThatThrownBy(() -> ConfFiles.localDirectories(ConfigLoader.load(HOME, null, Map.of("jobs.dir", missing))))
        .isInstanceOfSatisfying(FeedlakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessage("jobs.dir: directory " + missing.replaceAll("/$", "") + " does not exist");

    Cli.Result r = Cli.run("ingest", "--job", "vsco_events", "--date", "2024-03-01", "--set", "jobs.dir=" + missing);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("jobs.dir: directory " + missing.replaceAll("/$", "") + " does not exist");
  }

  @Test
  void theCliReadsAJobFromAJobsDirUri() throws IOException {
    Path remote = shippedJobsElsewhere();
    // A date the job's own rules reject: the job was found and validated, no Spark starts.
    Cli.Result r = Cli.run("ingest", "--job", "gif_activity", "--date", "2024-02-30",
        "--set", "jobs.dir=" + remote.toUri());
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).doesNotContain("no file").contains("2024-02-30");
    Cli.Result unknown = Cli.run("ingest", "--job", "zeta", "--date", "2024-03-01", "--set", "jobs.dir=" + remote.toUri());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("job 'zeta': no file ", "(jobs available: [adobe_clickstream, crm_leads, gif_activity, inventory_customers,"
            + " vsco_alpha_parquet, vsco_events])");
  }
}
