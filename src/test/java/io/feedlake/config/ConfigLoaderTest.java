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
            "conform.event-time.format: 'fortnightly' is not supported (expected iso8601, epoch-seconds, "
                + "epoch-millis, epoch-micros, or a java.time DateTimeFormatter pattern such as "
                + "EEE MMM dd HH:mm:ss Z yyyy; as a pattern: Unknown pattern letter: f)",
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
            "conform.event-time.format: 'fortnightly' is not supported (expected iso8601, epoch-seconds, "
                + "epoch-millis, epoch-micros, or a java.time DateTimeFormatter pattern such as "
                + "EEE MMM dd HH:mm:ss Z yyyy; as a pattern: Unknown pattern letter: f)",
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
        "conform.sanitize.max-bytes.caption: expected a positive whole number of bytes, got -4",
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
            + "[kafka-json, kafka-console, kafka-connect-s3, delimited, adobe, files, debezium])");
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

  // --- Event-time formats (issue 14, item 2) ---

  @Test
  void eventTimeFormatTakesAJavaTimePatternWithTheRootLocaleByDefault() throws IOException {
    writeJob("tweets", VALID_JOB + "conform.event-time.format = \"EEE MMM dd HH:mm:ss Z yyyy\"\n");

    JobSpec.ConformSpec conform = loader().job("tweets").conform();

    assertThat(conform.format()).isEqualTo(EventTimeFormat.PATTERN);
    assertThat(conform.parsing().pattern()).isEqualTo("EEE MMM dd HH:mm:ss Z yyyy");
    assertThat(conform.parsing().locale()).isEqualTo(java.util.Locale.ROOT);
    assertThat(conform.parsing().dateOnlyAllowed()).isFalse();
  }

  @Test
  void eventTimeLocaleEpochMicrosAndDateOnlyAreRead() throws IOException {
    writeJob("fr", VALID_JOB + "conform.event-time { format = \"dd MMMM yyyy HH:mm\", locale = fr-FR }\n");
    writeJob("micros", VALID_JOB + "conform.event-time.format = epoch-micros\n");
    writeJob("days", VALID_JOB + "conform.event-time { format = iso8601, date-only = allowed }\n");

    assertThat(loader().job("fr").conform().parsing().locale()).isEqualTo(java.util.Locale.forLanguageTag("fr-FR"));
    assertThat(loader().job("micros").conform().format()).isEqualTo(EventTimeFormat.EPOCH_MICROS);
    assertThat(loader().job("days").conform().parsing().dateOnlyAllowed()).isTrue();
  }

  @Test
  void badEventTimePatternLocaleAndDateOnlyAreReportedTogether() throws IOException {
    writeJob("bad", VALID_JOB + String.join("\n",
        "conform.event-time.locale = \"not a tag\"",
        "conform.event-time.date-only = maybe",
        ""));
    writeJob("mixed", VALID_JOB + "conform.event-time { date-only = allowed, locale = en }\n");

    ConfigException bad = configError(() -> loader().job("bad"));
    ConfigException mixed = configError(() -> loader().job("mixed"));

    assertThat(bad.problems()).containsExactlyInAnyOrder(
        "conform.event-time.locale: 'not a tag' is not a BCP 47 language tag (Invalid subtag: not a tag "
            + "[at index 0]; expected e.g. en, en-US or fr, or empty for the root locale)",
        "conform.event-time.date-only: 'maybe' is not supported (expected refused or allowed)");
    assertThat(mixed.problems()).containsExactlyInAnyOrder(
        "conform.event-time.date-only: allowed applies to format iso8601 only (got format 'epoch-millis'; a "
            + "pattern without a time of day already means midnight UTC)",
        "conform.event-time.locale: 'en' is used by a pattern format only (got format 'epoch-millis'); remove it");
  }

  // --- Configured sections that would be ignored (issue 14, item 3) ---

  @Test
  void aConfiguredStepThatIsNotInConformStepsIsAProblemNamingTheStep() throws IOException {
    writeJob("orders", VALID_JOB + String.join("\n",
        "conform.cast { clicks { type = int } }",
        "conform.cast-on-error = quarantine",
        "conform.rename { ts = event_ms }",
        "conform.derive { big = \"clicks > 10\" }",
        "conform.filter { real = \"NOT test\" }",
        "conform.arrays = json",
        ""));

    ConfigException e = configError(() -> loader().job("orders"));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "conform.cast: is set ({\"clicks\":{\"type\":\"int\"}}) but step 'cast' is not in conform.steps [sanitize], "
            + "so it would be ignored; add \"cast\" to conform.steps where it should run, or remove conform.cast",
        "conform.cast-on-error: is set (\"quarantine\") but step 'cast' is not in conform.steps [sanitize], so it "
            + "would be ignored; add \"cast\" to conform.steps where it should run, or remove conform.cast-on-error",
        "conform.rename: is set ({\"ts\":\"event_ms\"}) but step 'rename' is not in conform.steps [sanitize], so it "
            + "would be ignored; add \"rename\" to conform.steps where it should run, or remove conform.rename",
        "conform.derive: is set ({\"big\":\"clicks > 10\"}) but step 'derive' is not in conform.steps [sanitize], so "
            + "it would be ignored; add \"derive\" to conform.steps where it should run, or remove conform.derive",
        "conform.filter: is set ({\"real\":\"NOT test\"}) but step 'filter' is not in conform.steps [sanitize], so "
            + "it would be ignored; add \"filter\" to conform.steps where it should run, or remove conform.filter",
        "conform.arrays: is set (\"json\") but step 'arrays' is not in conform.steps [sanitize], so it would be "
            + "ignored; add \"arrays\" to conform.steps where it should run, or remove conform.arrays");
  }

  @Test
  void sanitizeSettingsWithoutTheSanitizeStepAndARepeatedStepAreProblems() throws IOException {
    writeJob("orders", VALID_JOB + String.join("\n",
        "conform.steps = [cast, cast]",
        "conform.cast { clicks { type = int } }",
        "conform.sanitize { replacement = \"\", max-bytes { caption = 256 } }",
        ""));

    ConfigException e = configError(() -> loader().job("orders"));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "conform.steps: step 'cast' is listed twice (got [cast, cast]; each step runs once)",
        "conform.sanitize.replacement: is set (\"\") but step 'sanitize' is not in conform.steps [cast, cast], so it "
            + "would be ignored; add \"sanitize\" to conform.steps where it should run, or remove "
            + "conform.sanitize.replacement",
        "conform.sanitize.max-bytes: is set ({\"caption\":256}) but step 'sanitize' is not in conform.steps [cast, "
            + "cast], so it would be ignored; add \"sanitize\" to conform.steps where it should run, or remove "
            + "conform.sanitize.max-bytes");
  }

  @Test
  void castPatternsAreValidatedEvenWhenCastIsNotAStep() throws IOException {
    writeJob("orders", VALID_JOB + String.join("\n",
        "conform.steps = [sanitize, cast]",
        "conform.cast {",
        "  at { type = timestamp, from = pattern, pattern = \"EEE yyyy-MM-dd\" }",
        "  day { type = timestamp, from = pattern, pattern = \"yyyy-MM-dd bb\" }",
        "  hour { type = timestamp, from = pattern, pattern = \"yyyy-MM-dd A\" }",
        "  n { type = int, pattern = \"yyyy\", colour = red }",
        "}",
        ""));
    writeJob("unlisted", VALID_JOB + "conform.cast { at { type = timestamp, from = pattern, pattern = \"EEE yyyy\" } }\n");

    ConfigException e = configError(() -> loader().job("orders"));
    ConfigException unlisted = configError(() -> loader().job("unlisted"));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "conform.cast.at.pattern: 'EEE yyyy-MM-dd' is not a Spark datetime pattern (Spark 3 cannot parse with it: "
            + "letters such as E, F, q and Q only format, and week-based letters are not supported (Spark SQL "
            + "Datetime Patterns))",
        "conform.cast.day.pattern: 'yyyy-MM-dd bb' is not a Spark datetime pattern (Unknown pattern letter: b)",
        "conform.cast.hour.pattern: 'yyyy-MM-dd A' is not a Spark datetime pattern (Illegal pattern character: A)",
        "conform.cast.n.colour: unknown key (expected type, from, pattern, on-error)",
        "conform.cast.n.pattern: used only with from = pattern (got from = nothing); remove it");
    assertThat(unlisted.problems()).contains(
        "conform.cast.at.pattern: 'EEE yyyy' is not a Spark datetime pattern (Spark 3 cannot parse with it: "
            + "letters such as E, F, q and Q only format, and week-based letters are not supported (Spark SQL "
            + "Datetime Patterns))");
  }

  @Test
  void sourceKeysOfAnotherSourceTypeAreProblems() throws IOException {
    writeJob("kafka", VALID_JOB + String.join("\n",
        "source.console.print-key = true",
        "source.delimited.delimiter = \";\"",
        "source.labels = [{column = a, name = b, values {\"1\" = x}}]",
        "source.time-zone = UTC",
        ""));
    writeJob("clicks", ADOBE_JOB + String.join("\n",
        "conform.event-time.format = epoch-millis",
        "conform.dedupe.key = [id]",
        "source.drop = [x]",
        ""));

    ConfigException kafka = configError(() -> loader().job("kafka"));
    ConfigException adobe = configError(() -> loader().job("clicks"));

    assertThat(kafka.problems()).containsExactlyInAnyOrder(
        "source.console.print-key: is set (true) but only source.type kafka-console or debezium reads it (this job's "
            + "source.type is kafka-json); remove it",
        "source.delimited.delimiter: is set (\";\") but only source.type delimited reads it (this job's "
            + "source.type is kafka-json); remove it",
        "source.labels: is set ([{\"column\":\"a\",\"name\":\"b\",\"values\":{\"1\":\"x\"}}]) but only source.type "
            + "adobe reads it (this job's source.type is kafka-json); remove it",
        "source.time-zone: is set (\"UTC\") but only source.type adobe reads it (this job's source.type is "
            + "kafka-json); remove it");
    assertThat(adobe.problems()).hasSize(3).allSatisfy(m -> assertThat(m).contains("not used by source.type adobe"));
    assertThat(adobe.problems()).anySatisfy(m -> assertThat(m).startsWith("conform.event-time.format: is set (\"epoch-millis\")"));
  }

  // --- Configured order (issue 14, item 5) ---

  @Test
  void orderedSectionsKeepTheWrittenOrderOnSeparateLinesOnOneLineAndInSetOverrides() throws IOException {
    List<String> renameKeys = new java.util.ArrayList<>();
    StringBuilder job = new StringBuilder(VALID_JOB).append("conform.steps = [cast, rename, derive, filter]\n");
    job.append("conform.rename {\n");
    for (int i = 0; i < 40; i++) {
      // Names in neither alphabetical nor insertion-hash order: z39 ... a0 style.
      String k = (char) ('z' - i % 26) + "col" + i;
      renameKeys.add(k);
      job.append("  ").append(k).append(" = ").append(k).append("_new\n");
    }
    job.append("}\n");
    job.append("conform.cast { q = {type = int}, b = {type = int}, m = {type = int}, a = {type = int}, "
        + "zz = {type = int}, c = {type = int}, y = {type = int}, d = {type = int} }\n");
    job.append("conform.derive { a = \"1\", b = \"a + 1\", c = \"b + 1\" }\n");
    writeJob("ordered", job.toString());
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("conform.filter", "{ zeta = \"true\", alpha = \"true\", mid = \"true\", beta = \"true\" }");

    Rules rules = loader(overrides).job("ordered").rules();

    Map<String, Rules.ColumnCast> cast = ((Rules.Cast) rules.steps().get(0)).columns();
    Map<String, String> rename = ((Rules.Rename) rules.steps().get(1)).columns();
    Map<String, String> derive = ((Rules.Derive) rules.steps().get(2)).columns();
    Map<String, String> filter = ((Rules.Filter) rules.steps().get(3)).keep();
    assertThat(rename.keySet()).containsExactlyElementsOf(renameKeys);
    assertThat(cast.keySet()).containsExactly("q", "b", "m", "a", "zz", "c", "y", "d");
    assertThat(derive.keySet()).containsExactly("a", "b", "c");
    assertThat(filter.keySet()).containsExactly("zeta", "alpha", "mid", "beta");
  }

  @Test
  void adobeRenameAndLabelValuesKeepTheirWrittenOrder() throws IOException {
    StringBuilder job = new StringBuilder(ADOBE_JOB).append("source.rename {\n");
    List<String> keys = new java.util.ArrayList<>();
    for (int i = 30; i > 0; i--) {
      keys.add("post_evar" + i);
      job.append("  post_evar").append(i).append(" = evar_").append(i).append("\n");
    }
    job.append("}\n");
    writeJob("clicks", job.toString());

    JobSpec.AdobeSourceSpec source = (JobSpec.AdobeSourceSpec) loader().job("clicks").source();

    assertThat(source.rename().keySet()).containsExactlyElementsOf(keys);
  }

  // --- Names: renaming payload fields, --set values (issue 14, item 7) ---

  @Test
  void payloadFieldsCanBeRenamedOrDroppedByTheirDeclaredPath() throws IOException {
    writeJob("wiki", VALID_JOB + String.join("\n",
        "source.rename { \"$schema\" = schema_uri, \"meta.dt\" = meta_time }",
        "source.drop = [\"meta.id\"]",
        ""));
    writeJob("bad", VALID_JOB + "source.rename { \"$schema\" = \"Schema URI\", meta { dt = x } }\n");

    JobSpec.ConformSpec conform = loader().job("wiki").conform();
    ConfigException bad = configError(() -> loader().job("bad"));

    assertThat(conform.payloadNames()).containsExactly(Map.entry("$schema", "schema_uri"), Map.entry("meta.dt", "meta_time"));
    assertThat(conform.payloadDrops()).containsExactly("meta.id");
    assertThat(bad.problems()).containsExactlyInAnyOrder(
        "source.rename.\"$schema\": 'Schema URI' is not a valid column name (expected lower-case letters, digits "
            + "and _, starting with a letter or _)",
        "source.rename.meta: expected the new column name, got {\"dt\":\"x\"} (quote a nested field's path as one "
            + "key, e.g. \"meta.dt\" = meta_date)");
  }

  @Test
  void setValuesAreHoconValuesSoQuotesAreRemovedAndPathsStayIntact() throws IOException {
    writeJob("app_events", VALID_JOB);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("source.topic", "\"quoted topic\"");
    overrides.put("source.path", "s3a://bucket/alpha#raw");
    overrides.put("conform.dedupe.key", "[\"a\", b]");
    overrides.put("layout.target-file-bytes", "1 MiB");
    overrides.put("quarantine.max-ratio", "0.25");
    overrides.put("conform.event-time.format", "\"EEE MMM dd HH:mm:ss Z yyyy\"");

    JobSpec job = loader(overrides).job("app_events");

    KafkaJsonSourceSpec source = (KafkaJsonSourceSpec) job.source();
    assertThat(source.topic()).isEqualTo("quoted topic");
    assertThat(source.path()).isEqualTo("s3a://bucket/alpha#raw");
    assertThat(job.conform().dedupeKey()).containsExactly("a", "b");
    assertThat(job.layout().targetFileBytes()).isEqualTo(1L << 20);
    assertThat(job.rules().quarantineMaxRatio()).isEqualTo(0.25);
    assertThat(job.conform().parsing().pattern()).isEqualTo("EEE MMM dd HH:mm:ss Z yyyy");
  }

  @Test
  void aQuotedSetValueThatIsNotValidHoconIsAProblem() {
    ConfigException e = configError(() -> loader(Map.of("source.topic", "\"unterminated")));

    assertThat(e.problems()).singleElement().asString().startsWith("--set source.topic=\"unterminated: not a valid override (");
  }

  // --- Typed reads, booleans and the session time zone (issue 14, item 8) ---

  @Test
  void wrongValueTypesInEverySectionAreConfigErrorsNamingKeyAndValue() throws IOException {
    writeJob("typed", VALID_JOB + String.join("\n",
        "conform.steps = [sanitize, cast, rename, derive, filter]",
        "conform.sanitize.max-bytes = 5",
        "conform.rename = \"ts\"",
        "conform.derive = [a, b]",
        "conform.filter = 3",
        "conform.cast { a { type = [int] }, b { type = timestamp, from = pattern, pattern = {x = 1} }, c = int }",
        "quarantine.max-ratio = null",
        "source.rename = [x]",
        ""));

    ConfigException e = configError(() -> loader().job("typed"));

    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "conform.sanitize.max-bytes: expected an object of column = bytes pairs such as { caption = 256 }, got 5",
        "conform.rename: expected an object of name = \"text\" pairs, got \"ts\"",
        "conform.derive: expected an object of name = \"text\" pairs, got [\"a\",\"b\"]",
        "conform.filter: expected an object of name = \"text\" pairs, got 3",
        "conform.cast.a.type: expected a Spark SQL type, got [\"int\"]",
        "conform.cast.b.pattern: expected a Spark datetime pattern, got {\"x\":1}",
        "conform.cast.c: expected an object such as { type = \"decimal(12,2)\" }, got \"int\"",
        "quarantine.max-ratio: expected a share between 0 and 1, got nothing",
        "source.rename: expected an object of payload_field = new_name pairs, got [\"x\"]");
  }

  @Test
  void aGlueMirrorFlagWrittenYesIsTrueEverywhere() throws IOException {
    writeAppConf(String.join("\n",
        "lake.root = \"" + home.resolve("lake") + "\"",
        "catalog.type = glue",
        "catalog.embedded.dir = \"s3a://bucket/catalog\"",
        "catalog.glue.mirror-embedded = yes",
        ""));

    ConfigException e = configError(() -> loader().settings());

    assertThat(e.problems()).containsExactly(
        "catalog.embedded.dir: the embedded Derby metastore needs a local directory (got s3a://bucket/catalog); "
            + "set catalog.embedded.dir to a local path");
  }

  @Test
  void aSessionTimeZoneOtherThanUtcIsRefusedAndUtcSpellingsAreAccepted() throws IOException {
    writeAppConf("lake.root = \"" + home.resolve("lake") + "\"\n"
        + "spark.conf { \"spark.sql.session.timeZone\" = \"America/New_York\" }\n");

    ConfigException e = configError(() -> loader().settings());
    Settings utc = loader(Map.of("spark.conf", "{ \"spark.sql.session.timeZone\" = \"Etc/UTC\" }")).settings();

    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(e.problems()).containsExactly(
        "spark.conf.\"spark.sql.session.timeZone\": 'America/New_York' is not UTC; feedlake needs a UTC session time "
            + "zone (event times, casts and partition dates are computed in UTC and then in conform.event-time.zone); "
            + "remove the setting or set it to UTC");
    assertThat(utc.spark().conf()).containsEntry("spark.sql.session.timeZone", "Etc/UTC");
  }

  @Test
  void aJobNameLeadingOutOfTheJobsDirectoryIsRefused() throws IOException {
    Files.writeString(home.resolve("outside.conf"), "table.name = \"x\"\n");

    io.feedlake.FeedlakeException e =
        catchThrowableOfType(() -> loader().job("../outside"), io.feedlake.FeedlakeException.class);

    assertThat(e.exitCode()).isEqualTo(io.feedlake.ExitCode.USAGE);
    assertThat(e.getMessage()).isEqualTo("job '../outside': resolves to " + home.resolve("outside.conf")
        + ", outside " + home.resolve("jobs") + "; give the name of a job in that directory");
  }
}
