package io.feedlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.ExitCode;
import io.feedlake.config.JobSpec.EventTimeFormat;
import io.feedlake.config.JobSpec.KafkaJsonSourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and validating application and job configuration from a fake feedlake home. */
class ConfigLoaderTest {

  private static final String VALID_JOB =
      String.join(
          "\n",
          "source {",
          "  path = \"/data/alpha\"",
          "  topic = \"app_events\"",
          "  schema.ddl = \"event_id STRING, ts BIGINT, user STRUCT<id: STRING>\"",
          "}",
          "conform {",
          "  event-time { field = \"ts\", format = \"epoch-millis\", zone = \"America/Los_Angeles\" }",
          "  dedupe.key = [\"event_id\", \"user_id\"]",
          "}",
          "layout.sort-by = [\"user_id\", \"event_ts\"]",
          "layout.target-file-bytes = 64 MiB",
          "");

  @TempDir Path home;

  @BeforeEach
  void createHome() throws IOException {
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("jobs"));
    writeAppConf("lake.root = \"" + home.resolve("lake") + "\"\n");
  }

  private void writeAppConf(String text) throws IOException {
    Files.writeString(home.resolve("conf/application.conf"), text);
  }

  private void writeJob(String name, String text) throws IOException {
    Files.writeString(home.resolve("jobs/" + name + ".conf"), text);
  }

  private static ConfigException configError(ThrowingCallable call) {
    ConfigException e = catchThrowableOfType(call, ConfigException.class);
    assertThat(e).as("expected a ConfigException").isNotNull();
    return e;
  }

  private ConfigLoader loader() {
    return ConfigLoader.load(home, null, Map.of());
  }

  private ConfigLoader loader(Map<String, String> overrides) {
    return ConfigLoader.load(home, null, overrides);
  }

  @Test
  void validJobLoadsIntoJobSpec() throws IOException {
    writeJob("app_events", VALID_JOB);

    JobSpec job = loader().job("app_events");

    assertThat(job.name()).isEqualTo("app_events");
    assertThat(job.table().database()).isEqualTo("beta");
    assertThat(job.table().table()).isEqualTo("app_events");
    assertThat(job.table().qualified()).isEqualTo("beta.app_events");
    KafkaJsonSourceSpec source = (KafkaJsonSourceSpec) job.source();
    assertThat(source.path()).isEqualTo("/data/alpha");
    assertThat(source.topic()).isEqualTo("app_events");
    assertThat(source.dumpDir()).isEqualTo("{topic}/dt={date}");
    assertThat(source.extensions()).containsExactly(".json", ".jsonl", ".json.gz", ".jsonl.gz");
    assertThat(source.payloadDdl()).isEqualTo("event_id STRING, ts BIGINT, user STRUCT<id: STRING>");
    assertThat(source.payloadAvsc()).isNull();
    assertThat(job.conform().field()).isEqualTo("ts");
    assertThat(job.conform().format()).isEqualTo(EventTimeFormat.EPOCH_MILLIS);
    assertThat(job.conform().zone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
    assertThat(job.conform().dedupeKey()).containsExactly("event_id", "user_id");
    assertThat(job.layout().sortBy()).containsExactly("user_id", "event_ts");
    assertThat(job.layout().targetFileBytes()).isEqualTo(67_108_864L);
    assertThat(job.layout().rowGroupBytes()).isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void tableDatabaseAndNameFromJobFileReplaceDefaults() throws IOException {
    writeJob("app_events", VALID_JOB + "table { database = \"gamma\", name = \"events_v2\" }\n");

    JobSpec job = loader().job("app_events");

    assertThat(job.table().qualified()).isEqualTo("gamma.events_v2");
    assertThat(job.table().quarantine().qualified()).isEqualTo("gamma.events_v2_quarantine");
  }

  @Test
  void defaultDatabaseComesFromApplicationConf() throws IOException {
    writeAppConf("catalog.default-database = \"staging\"\n");
    writeJob("app_events", VALID_JOB);

    assertThat(loader().job("app_events").table().qualified()).isEqualTo("staging.app_events");
  }

  @Test
  void setOverridesWinOverJobFile() throws IOException {
    writeJob("app_events", VALID_JOB);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("source.path", "s3a://bucket/alpha");
    overrides.put("conform.dedupe.key", "[a,b]");
    overrides.put("conform.event-time.zone", "Europe/Paris");
    overrides.put("layout.target-file-bytes", "1 MiB");

    JobSpec job = loader(overrides).job("app_events");

    KafkaJsonSourceSpec source = (KafkaJsonSourceSpec) job.source();
    assertThat(source.path()).isEqualTo("s3a://bucket/alpha");
    assertThat(source.topic()).isEqualTo("app_events");
    assertThat(job.conform().dedupeKey()).containsExactly("a", "b");
    assertThat(job.conform().zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(job.layout().targetFileBytes()).isEqualTo(1_048_576L);
  }

  @Test
  void laterSetOverrideOfSameKeyWins() throws IOException {
    writeJob("app_events", VALID_JOB);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("source.topic", "first");
    overrides.put("source.topic", "second");
    overrides.put("\"source\".\"topic\"", "third");

    JobSpec job = loader(overrides).job("app_events");

    assertThat(((KafkaJsonSourceSpec) job.source()).topic()).isEqualTo("third");
  }

  @Test
  void setOverrideWinsOverApplicationConfForSettings() throws IOException {
    writeAppConf("lake.root = \"/srv/lake\"\nreport.max-rows = 10\n");

    Settings settings = loader(Map.of("lake.root", "/srv/other-lake")).settings();

    assertThat(settings.lakeRoot()).isEqualTo("/srv/other-lake");
    assertThat(settings.catalog().embeddedDir()).isEqualTo("/srv/other-lake/_catalog");
    assertThat(settings.report().maxRows()).isEqualTo(10);
  }

  @Test
  void allJobProblemsAreReportedInOneException() throws IOException {
    writeJob(
        "broken",
        String.join(
            "\n",
            "source {",
            "  path = \"/data/alpha\"",
            "  schema.ddl = \"event_id STRING\"",
            "}",
            "conform.event-time { field = \"ts\", format = \"fortnightly\", zone = \"Mars/Olympus\" }",
            "layout.target-file-bytes = -1",
            ""));

    ConfigException e = configError(() -> loader().job("broken"));

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "source.topic: missing (expected a Kafka topic name)",
            "conform.event-time.format: 'fortnightly' is not supported "
                + "(expected one of iso8601, epoch-millis, epoch-seconds)",
            "conform.event-time.zone: 'Mars/Olympus' is not a time zone "
                + "(expected an IANA id such as UTC or America/Los_Angeles)",
            "layout.target-file-bytes: expected a size in bytes such as 134217728 or 128 MiB, got -1");
    assertThat(e.getMessage()).startsWith("Invalid configuration (4 problems):");
  }

  @Test
  void unknownKeyIsReportedTogetherWithValueProblems() throws IOException {
    writeJob(
        "broken",
        String.join(
            "\n",
            "source {",
            "  path = \"/data/alpha\"",
            "  pth = \"/data/other\"",
            "  schema.ddl = \"event_id STRING\"",
            "}",
            "conform.event-time { field = \"ts\", format = \"fortnightly\", zone = \"Mars/Olympus\" }",
            "layout.target-file-bytes = -1",
            ""));

    ConfigException e = configError(() -> loader().job("broken"));

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "source.pth: unknown key (did you mean source.path?)",
            "source.topic: missing (expected a Kafka topic name)",
            "conform.event-time.format: 'fortnightly' is not supported "
                + "(expected one of iso8601, epoch-millis, epoch-seconds)",
            "conform.event-time.zone: 'Mars/Olympus' is not a time zone "
                + "(expected an IANA id such as UTC or America/Los_Angeles)",
            "layout.target-file-bytes: expected a size in bytes such as 134217728 or 128 MiB, got -1");
  }

  @Test
  void applicationAndJobProblemsAreReportedTogether() throws IOException {
    writeAppConf("report.max-rows = 0\n");
    writeJob("app_events", VALID_JOB.replace("  topic = \"app_events\"\n", ""));

    ConfigException e = configError(() -> loader().job("app_events"));

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "report.max-rows: expected a positive row count, got 0",
            "source.topic: missing (expected a Kafka topic name)");
  }

  @Test
  void unknownKeyIsReportedWithSuggestion() throws IOException {
    writeJob("app_events", VALID_JOB + "source.pth = \"/data/other\"\n");

    ConfigException e = configError(() -> loader().job("app_events"));

    assertThat(e.problems()).containsExactly("source.pth: unknown key (did you mean source.path?)");
    assertThat(e.getMessage())
        .isEqualTo(
            "Invalid configuration (1 problem):"
                + System.lineSeparator()
                + "  - source.pth: unknown key (did you mean source.path?)");
  }

  @Test
  void unknownKeyFarFromEveryKnownKeyHasNoSuggestion() throws IOException {
    writeJob("app_events", VALID_JOB + "completely.different = 1\n");

    ConfigException e = configError(() -> loader().job("app_events"));

    assertThat(e.problems()).containsExactly("completely.different: unknown key");
  }

  @Test
  void unknownOverrideKeyIsReported() throws IOException {
    writeJob("app_events", VALID_JOB);

    ConfigException e =
        configError(() -> loader(Map.of("layout.sort-bye", "[a]")).job("app_events"));

    assertThat(e.problems()).containsExactly("layout.sort-bye: unknown key (did you mean layout.sort-by?)");
  }

  @Test
  void freeFormSparkConfKeysAreAccepted() throws IOException {
    writeAppConf("spark.conf { \"spark.sql.adaptive.enabled\" = \"true\" }\n");

    Settings settings = loader().settings();

    assertThat(settings.spark().conf())
        .containsEntry("spark.sql.adaptive.enabled", "true")
        .containsEntry("spark.sql.shuffle.partitions", "8")
        .containsEntry("spark.ui.enabled", "false");
  }

  @Test
  void missingSchemaAndDumpDirWithoutDateAreReported() throws IOException {
    writeJob(
        "app_events",
        VALID_JOB.replace("  schema.ddl = \"event_id STRING, ts BIGINT, user STRUCT<id: STRING>\"\n", "")
            + "source.dump-dir = \"{topic}/daily\"\n");

    ConfigException e = configError(() -> loader().job("app_events"));

    assertThat(e.problems())
        .containsExactly(
            "source.dump-dir: '{topic}/daily' has no {date} placeholder (expected e.g. {topic}/dt={date})",
            "source.schema: missing (expected source.schema.ddl, a Spark DDL string, or "
                + "source.schema.avsc, an Avro schema file)");
  }

  @Test
  void zeroTargetFileSizeIsRejected() throws IOException {
    writeJob("app_events", VALID_JOB);

    ConfigException e =
        configError(() -> loader(Map.of("layout.target-file-bytes", "0")).job("app_events"));

    assertThat(e.problems())
        .containsExactly("layout.target-file-bytes: expected a positive size such as 128 MiB, got 0");
  }

  @Test
  void sortByListingDateIsRejected() throws IOException {
    writeJob("app_events", VALID_JOB + "layout.sort-by = [\"date\", \"user_id\"]\n");

    ConfigException e = configError(() -> loader().job("app_events"));

    assertThat(e.problems())
        .containsExactly(
            "layout.sort-by: must not list 'date' (it always leads the sort order) (got [date, user_id])");
  }

  @Test
  void invalidTableNameIsRejected() throws IOException {
    writeJob("app_events", VALID_JOB + "table.name = \"App-Events\"\n");

    ConfigException e = configError(() -> loader().job("app_events"));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).startsWith("table.name: 'App-Events' is not a valid catalog name");
  }

  @Test
  void epochAliasesAreAccepted() throws IOException {
    writeJob("app_events", VALID_JOB);

    JobSpec job = loader(Map.of("conform.event-time.format", "epoch_s")).job("app_events");

    assertThat(job.conform().format()).isEqualTo(EventTimeFormat.EPOCH_SECONDS);
  }

  @Test
  void missingJobFileNamesJobAndListsAvailableJobs() throws IOException {
    writeJob("alpha_feed", VALID_JOB);
    writeJob("beta_feed", VALID_JOB);
    Files.writeString(home.resolve("jobs/notes.txt"), "not a job");

    ConfigException e = configError(() -> loader().job("gamma_feed"));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0))
        .startsWith("job 'gamma_feed': no file ")
        .contains(home.toAbsolutePath().normalize().resolve("jobs/gamma_feed.conf").toString())
        .endsWith("(jobs available: [alpha_feed, beta_feed])");
  }

  @Test
  void jobNamesAreSortedConfFilesOfJobsDir() throws IOException {
    writeJob("zeta", VALID_JOB);
    writeJob("alpha", VALID_JOB);
    Files.writeString(home.resolve("jobs/readme.md"), "x");

    assertThat(loader().jobNames()).containsExactly("alpha", "zeta");
  }

  @Test
  void jobsDirDefaultsToHomeJobs() {
    Settings settings = loader().settings();

    assertThat(settings.home()).isEqualTo(home.toAbsolutePath().normalize().toString());
    assertThat(settings.jobsDir()).isEqualTo(home.toAbsolutePath().normalize().resolve("jobs").toString());
    assertThat(settings.report().dir())
        .isEqualTo(home.toAbsolutePath().normalize().resolve("jobs/reports").toString());
  }

  @Test
  void relativeLakeRootBecomesAbsoluteAgainstWorkingDirectory() throws IOException {
    writeAppConf("lake.root = \"some/../lake\"\n");

    Settings settings = loader().settings();

    Path expected = Paths.get("lake").toAbsolutePath().normalize();
    assertThat(Paths.get(settings.lakeRoot()).isAbsolute()).isTrue();
    assertThat(settings.lakeRoot()).isEqualTo(expected.toString());
    assertThat(settings.catalog().embeddedDir()).isEqualTo(expected.resolve("_catalog").toString());
  }

  @Test
  void lakeRootUriIsKeptAsGivenButEmbeddedCatalogMustBeLocal() throws IOException {
    writeAppConf("lake.root = \"s3a://bucket/lake\"\n");

    ConfigException e = configError(() -> loader().settings());

    assertThat(e.problems())
        .containsExactly(
            "catalog.embedded.dir: the embedded Derby metastore needs a local directory "
                + "(got s3a://bucket/lake/_catalog); set catalog.embedded.dir to a local path");
  }

  @Test
  void glueNeedsALocalEmbeddedCatalogOnlyForItsMirror() throws IOException {
    writeAppConf("lake.root = \"s3a://bucket/lake\"\ncatalog.type = glue\n");

    ConfigException e = configError(() -> loader().settings());
    Settings withoutMirror = loader(Map.of("catalog.glue.mirror-embedded", "false")).settings();

    assertThat(e.problems()).singleElement().asString().startsWith("catalog.embedded.dir: the embedded Derby metastore");
    assertThat(withoutMirror.catalog().type()).isEqualTo(Settings.CatalogType.GLUE);
    assertThat(withoutMirror.catalog().glue().mirrorEmbedded()).isFalse();
    assertThat(withoutMirror.publish().mode()).isEqualTo(Settings.PublishMode.SWAP);
    assertThat(withoutMirror.catalog().glue().maxAttempts()).isEqualTo(8);
  }

  @Test
  void lateEventMergingNeedsTheSwapProtocol() throws IOException {
    ConfigException e = configError(() -> loader(Map.of("publish.late-events", "merge", "publish.mode", "overwrite")).settings());

    assertThat(e.problems()).containsExactly("publish.late-events: merge needs publish.mode = swap (a merged date is"
        + " published as a new run; got publish.mode = overwrite)");
  }

  @Test
  void configExceptionExitsWithUsageCode() throws IOException {
    writeAppConf("report.max-rows = 0\n");

    ConfigException e = configError(() -> loader().settings());

    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(e.exitCode().code()).isEqualTo(2);
    assertThat(e.problems()).containsExactly("report.max-rows: expected a positive row count, got 0");
  }

  @Test
  void problemsListIsUnmodifiable() {
    ConfigException e = new ConfigException(new java.util.ArrayList<>(List.of("a: bad")));

    assertThatThrownBy(() -> e.problems().add("b: bad")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void missingConfFileIsAProblem() {
    Path missing = home.resolve("conf/nope.conf");

    ConfigException e =
        configError(() -> ConfigLoader.load(home, missing, Map.of()));

    assertThat(e.problems()).containsExactly("--conf-file: file " + missing + " does not exist");
    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void confFileReplacesApplicationConf() throws IOException {
    Path other = home.resolve("other.conf");
    Files.writeString(other, "catalog.default-database = \"other_db\"\n");

    Settings settings = ConfigLoader.load(home, other, Map.of()).settings();

    assertThat(settings.catalog().defaultDatabase()).isEqualTo("other_db");
    assertThat(settings.lakeRoot()).isEqualTo(Paths.get("lake").toAbsolutePath().normalize().toString());
  }

  @Test
  void missingApplicationConfFallsBackToReference() throws IOException {
    Files.delete(home.resolve("conf/application.conf"));

    Settings settings = loader().settings();

    assertThat(settings.catalog().defaultDatabase()).isEqualTo("beta");
    assertThat(settings.spark().master()).isEqualTo("local[*]");
    assertThat(settings.report().maxRows()).isEqualTo(100_000);
  }

  @Test
  void unparsableApplicationConfIsAProblem() throws IOException {
    writeAppConf("lake.root = {\n");

    ConfigException e = configError(() -> loader());

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0))
        .startsWith(home.resolve("conf/application.conf") + ": cannot be parsed as HOCON: ");
  }

  @Test
  void unparsableOverrideIsAProblem() {
    ConfigException e =
        configError(() -> ConfigLoader.load(home, null, Map.of("conform.dedupe.key", "[a,")));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).startsWith("--set conform.dedupe.key=[a,: not a valid override (");
  }

  @Test
  void reportMaxRowsBeyondWhatTheDriverShouldCollectIsRejectedNotWrapped() {
    ConfigException e = configError(() -> loader(Map.of("report.max-rows", "3000000000")).settings());

    assertThat(e.problems())
        .containsExactly(
            "report.max-rows: 3000000000 is more rows than the driver should collect (expected at most 10000000;"
                + " write large results with Spark instead)");
  }

  @Test
  void conformRulesParseInTheirDeclaredOrder() throws IOException {
    writeJob("orders", VALID_JOB + String.join("\n",
        "conform.steps = [cast, sanitize, rename, derive, filter, arrays]",
        "conform.cast { amount { type = \"decimal(12,2)\", on-error = quarantine }, at { type = timestamp, from = epoch-millis } }",
        "conform.sanitize { replacement = \"_\", max-bytes { caption = 256 } }",
        "conform.rename { post_evar1 = internal_campaign }",
        "conform.derive { channel = \"upper(country)\" }",
        "conform.filter { not_test = \"NOT test\" }",
        "conform.arrays = json",
        "quarantine.max-ratio = 0.2",
        "schema.evolution = permissive",
        ""));

    Rules rules = loader().job("orders").rules();

    assertThat(rules.steps()).extracting(st -> st.getClass().getSimpleName())
        .containsExactly("Cast", "Sanitize", "Rename", "Derive", "Filter", "Arrays");
    Rules.Cast cast = (Rules.Cast) rules.steps().get(0);
    assertThat(cast.columns().get("amount"))
        .isEqualTo(new Rules.ColumnCast("decimal(12,2)", null, null, Rules.OnCastError.QUARANTINE));
    assertThat(cast.columns().get("at"))
        .isEqualTo(new Rules.ColumnCast("timestamp", Rules.TimestampSource.EPOCH_MILLIS, null, Rules.OnCastError.NULL));
    assertThat(rules.steps().get(1)).isEqualTo(new Rules.Sanitize("_", Map.of("caption", 256)));
    assertThat(rules.steps().get(5)).isEqualTo(new Rules.Arrays(Rules.ArrayMode.JSON));
    assertThat(rules.quarantineMaxRatio()).isEqualTo(0.2);
    assertThat(rules.evolution()).isEqualTo(Rules.SchemaEvolution.PERMISSIVE);
  }

  @Test
  void defaultRulesSanitizeWithAFivePercentQuarantineLimitAndAdditiveEvolution() throws IOException {
    writeJob("app_events", VALID_JOB);

    Rules rules = loader().job("app_events").rules();

    assertThat(rules.steps()).containsExactly(new Rules.Sanitize("?", Map.of()));
    assertThat(rules.quarantineMaxRatio()).isEqualTo(0.05);
    assertThat(rules.evolution()).isEqualTo(Rules.SchemaEvolution.ADDITIVE);
  }

  @Test
  void sanitizeKeepsControlCharactersUnlessTheJobAsksToReplaceThem() throws IOException {
    writeJob("app_events", VALID_JOB + "conform.sanitize.control-characters = replace\n");
    writeJob("orders", VALID_JOB + "conform.sanitize.control-characters = strip\n");

    assertThat(loader().job("app_events").rules().steps())
        .containsExactly(new Rules.Sanitize("?", Map.of(), Rules.ControlCharacters.REPLACE));
    assertThatThrownBy(() -> loader().job("orders")).isInstanceOf(ConfigException.class).hasMessageContaining(
        "conform.sanitize.control-characters: 'strip' is not supported (expected one of keep, replace)");
  }

  @Test
  void badRulesAreAllReportedWithTheirKeys() throws IOException {
    writeJob("orders", VALID_JOB + String.join("\n",
        "conform.steps = [sanitize, explode, cast]",
        "conform.cast { amount { type = \"money\" }, at { type = timestamp, from = pattern } }",
        "conform.sanitize.max-bytes { caption = -4 }",
        "quarantine.max-ratio = 1.5",
        "schema.evolution = yolo",
        ""));

    ConfigException e = configError(() -> loader().job("orders"));

    assertThat(e.problems()).contains(
        "conform.steps: unknown step 'explode' (expected steps from [sanitize, cast, rename, derive, filter, arrays])",
        "conform.cast.amount.type: 'money' is not a Spark SQL type (expected e.g. decimal(12,2), timestamp, boolean, int)",
        "conform.cast.at.pattern: missing (expected a Spark datetime pattern with from = pattern)",
        "conform.sanitize.max-bytes.caption: expected a positive number of bytes, got -4",
        "quarantine.max-ratio: expected a share between 0 and 1, got 1.5",
        "schema.evolution: 'yolo' is not supported (expected one of none, additive, permissive)");
  }

  private static final String ADOBE_JOB =
      String.join(
          "\n",
          "source {",
          "  type = \"adobe\"",
          "  path = \"/data/adobe\"",
          "  report-suite = \"examplersid\"",
          "  time-zone = \"America/New_York\"",
          "}",
          "");

  @Test
  void adobeJobNeedsNoKcatKeysAndTakesTheDefaults() throws IOException {
    writeJob("clicks", ADOBE_JOB);

    JobSpec job = loader().job("clicks");

    JobSpec.AdobeSourceSpec source = (JobSpec.AdobeSourceSpec) job.source();
    assertThat(source.path()).isEqualTo("/data/adobe");
    assertThat(source.reportSuite()).isEqualTo("examplersid");
    assertThat(source.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(source.partitionDate()).isEqualTo(JobSpec.PartitionDate.LOCAL);
    assertThat(source.allowFin()).isFalse();
    assertThat(source.allowUnmarked()).isFalse();
    assertThat(source.lookups()).extracting(JobSpec.LookupSpec::name).containsExactly(
        "browser_name", "os_name", "country_name", "language_name", "search_engine_name", "referrer_type_name");
    assertThat(source.lookups().get(1)).isEqualTo(new JobSpec.LookupSpec("os_name", "os", "operating_systems.tsv"));
    assertThat(source.eventLists()).containsExactly("post_event_list");
    assertThat(source.rename()).isEmpty();
    assertThat(source.labels()).isEmpty();
    assertThat(job.conform()).isNull();
    assertThat(job.layout().sortBy()).isEmpty();
  }

  @Test
  void adobeSourceKeysCanBeOverriddenWithSet() throws IOException {
    writeJob("clicks", ADOBE_JOB
        + "source.rename { post_evar1 = \"internal_campaign\" }\n"
        + "source.labels = [{column = \"va_closer_id\", name = \"last_touch_channel\", values {\"1\" = \"Paid Search\"}}]\n");
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("source.path", "s3a://bucket/adobe");
    overrides.put("source.report-suite", "otherrsid");
    overrides.put("source.time-zone", "Europe/Berlin");
    overrides.put("source.partition-date", "utc");
    overrides.put("source.allow-fin", "true");
    overrides.put("source.lookups", "[{name = browser_name, column = browser, file = browser.tsv}]");

    JobSpec.AdobeSourceSpec source = (JobSpec.AdobeSourceSpec) loader(overrides).job("clicks").source();

    assertThat(source.path()).isEqualTo("s3a://bucket/adobe");
    assertThat(source.reportSuite()).isEqualTo("otherrsid");
    assertThat(source.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(source.partitionDate()).isEqualTo(JobSpec.PartitionDate.UTC);
    assertThat(source.allowFin()).isTrue();
    assertThat(source.lookups()).containsExactly(new JobSpec.LookupSpec("browser_name", "browser", "browser.tsv"));
    assertThat(source.rename()).containsExactly(Map.entry("post_evar1", "internal_campaign"));
    assertThat(source.labels()).containsExactly(
        new JobSpec.LabelSpec("va_closer_id", "last_touch_channel", Map.of("1", "Paid Search"), null));
  }

  @Test
  void adobeProblemsAreReportedTogether() throws IOException {
    writeJob("clicks", String.join("\n",
        "source { type = \"adobe\", path = \"/data/adobe\", report-suite = \"bad rsid\", topic = \"t\",",
        "  partition-date = \"gmt\", allow-fin = \"maybe\",",
        "  lookups = [{name = \"Browser-Name\", column = \"browser\", fiel = \"browser.tsv\"}, \"x\"],",
        "  labels = [{column = \"va_closer_id\", name = \"date\", values = {}}]",
        "  rename { post_evar1 = \"internal_campaign\", post_evar2 = \"internal_campaign\" } }",
        "conform.event-time.field = \"ts\"",
        ""));

    ConfigException e = configError(() -> loader().job("clicks"));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "source.report-suite: 'bad rsid' is not a report suite id (expected letters, digits, '.', '-' and '_',"
            + " as in Adobe's file names <rsid>_<date>.txt)",
        "source.time-zone: missing (expected an IANA time zone id such as UTC or America/Los_Angeles)",
        "source.partition-date: 'gmt' is not supported (expected one of local, utc)",
        "source.allow-fin: expected true or false, got \"maybe\"",
        "source.lookups[0].fiel: unknown key (expected [column, file, name])",
        "source.lookups[0].file: missing",
        "source.lookups[1]: expected an object with [column, file, name], got \"x\"",
        "source.labels[0].values: expected an object of code = label pairs, got {}",
        "source.labels: output column 'date' is reserved (date, hit_time_utc and names starting with _ are feedlake's)",
        "source.rename: output column 'internal_campaign' is produced twice by source.lookups, source.labels and source.rename",
        "source.topic: not used by source.type adobe (the event time is date_time or hit_time_gmt and the dedupe"
            + " key is hitid_high, hitid_low; the columns come from column_headers.tsv)",
        "conform.event-time.field: not used by source.type adobe (the event time is date_time or hit_time_gmt and"
            + " the dedupe key is hitid_high, hitid_low; the columns come from column_headers.tsv)");
  }

  @Test
  void unknownSourceTypeListsEveryType() throws IOException {
    writeJob("app_events", VALID_JOB + "source.type = \"kafka-avro\"\n");

    ConfigException e = configError(() -> loader().job("app_events"));

    assertThat(e.problems()).contains(
        "source.type: unsupported source type 'kafka-avro' (expected one of "
            + "[kafka-json, kafka-console, kafka-connect-s3, delimited, adobe])");
  }

  @Test
  void theBundledAdobeJobLoads() {
    ConfigLoader bundled = ConfigLoader.load(Paths.get(""), null, Map.of("lake.root", home.resolve("lake").toString()));

    JobSpec job = bundled.job("adobe_clickstream");

    JobSpec.AdobeSourceSpec source = (JobSpec.AdobeSourceSpec) job.source();
    assertThat(source.path()).endsWith("data-samples/adobe");
    assertThat(source.rename()).containsEntry("post_evar1", "internal_campaign");
    assertThat(job.table().qualified()).isEqualTo("beta.adobe_clickstream");
  }
}
