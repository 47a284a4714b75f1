package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.testing.Cli;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line up to the point where Spark would start: help, usage and config errors. */
class MainTest {
  @BeforeAll
  static void home() {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
  }

  static Cli.Result feedlake(String... args) {
    return Cli.run(args);
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    assertThat(feedlake("--help").out()).contains("ingest", "report", "demo", "Exit codes");
    assertThat(feedlake("ingest", "--help").out()).contains("--job", "--date", "--from", "--to", "--set", "--json");
    assertThat(feedlake("report", "--help").out()).contains("--out", "--format", "parameterized SQL");
    assertThat(feedlake("demo", "--help").out()).contains("--lake", "--conf-file");
  }

  @Test
  void theCatalogCommandsExplainThemselvesWithHelp() {
    assertThat(feedlake("--help").out()).contains("register", "sync", "retention", "rollback", "vacuum", "ddl");
    assertThat(feedlake("register", "--help").out()).contains("--job", "--date", "--from", "--to", "--set", "--json");
    assertThat(feedlake("sync", "--help").out()).contains("--fix", "--full", "--conf-file");
    assertThat(feedlake("retention", "--help").out()).contains("--expose-from", "catalog.retention.days");
    assertThat(feedlake("rollback", "--help").out()).contains("--date", "the run published before the");
    assertThat(feedlake("vacuum", "--help").out()).contains("--older-than", "--execute", "default: 7d");
    assertThat(feedlake("ddl", "--help").out()).contains("--dialect", "spectrum", "--location-root", "--iam-role");
  }

  @Test
  void badCatalogSettingsAndArgumentsExitTwoWithoutStartingSpark() {
    Cli.Result r = feedlake("sync", "--job", "vsco_events", "--set", "catalog.type=dynamo",
        "--set", "catalog.glue.catalog-id=12", "--set", "catalog.glue.assume-roles=[\"role/x\"]",
        "--set", "catalog.retention.days=3", "--set", "catalog.retention.months=2", "--set", "publish.mode=atomic");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("catalog.type: 'dynamo' is not supported (expected one of embedded, hive, glue)",
        "catalog.glue.catalog-id: '12' is not an AWS account id (expected 12 digits, or empty for the caller's account)",
        "catalog.glue.assume-roles: 'role/x' is not an IAM role ARN",
        "catalog.retention: both days (3) and months (2) are set (expected at most one)",
        "publish.mode: 'atomic' is not supported (expected one of swap, overwrite)");
    Cli.Result age = feedlake("vacuum", "--job", "vsco_events", "--older-than", "a week");
    assertThat(age.exit()).isEqualTo(2);
    assertThat(age.err()).contains("--older-than: 'a week' is not an age (expected a number and d, h, m or s, e.g. 7d)");
    Cli.Result dialect = feedlake("ddl", "--job", "vsco_events", "--dialect", "mysql");
    assertThat(dialect.exit()).isEqualTo(2);
    assertThat(dialect.err()).contains("Invalid value for option '--dialect'", "SPECTRUM, ATHENA, HIVE");
    assertThat(org.apache.spark.sql.SparkSession.getDefaultSession().isDefined()).isFalse();
  }

  @Test
  void badConfigExitsTwoNamingEveryKeyWithoutStartingSpark() {
    Cli.Result r = feedlake("ingest", "--job", "vsco_events", "--date", "2024-03-01",
        "--set", "conform.event-time.zone=Mars/Base", "--set", "layout.sort-by=[nope]", "--set", "source.pth=x", "--json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("conform.event-time.zone: 'Mars/Base' is not a time zone",
        "source.pth: unknown key (did you mean source.path?)");
    assertThat(r.out()).startsWith("{\"command\":\"ingest\",\"job\":\"vsco_events\"").contains("\"exit_code\":2");
    assertThat(r.out().strip().lines().count()).isEqualTo(1);
  }

  @Test
  void conformSettingsThatDoNotFitTheDeclaredSchemaExitTwoNamingThem() {
    // Checked by conform's classifier against the source's unit shape, before any data is read.
    Cli.Result r = feedlake("ingest", "--job", "vsco_events", "--date", "2024-03-01",
        "--set", "conform.dedupe.key=[no_such_field]");

    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("conform.dedupe.key: 'no_such_field' is not a column of the flattened payload");
    Cli.Result backfill = feedlake("backfill", "--job", "vsco_events", "--from", "2024-03-01", "--to", "2024-03-02",
        "--set", "conform.dedupe.key=[no_such_field]");
    assertThat(backfill.exit()).as(backfill.err()).isEqualTo(2);
    assertThat(backfill.err()).contains("conform.dedupe.key: 'no_such_field' is not a column of the flattened payload");
  }

  @Test
  void valuesOfTheWrongTypeAndANonUtcSessionZoneExitTwoNamingTheKey() {
    Cli.Result r = feedlake("ingest", "--job", "vsco_events", "--date", "2024-03-01",
        "--set", "conform.steps=[sanitize, cast]", "--set", "conform.cast=5", "--set", "quarantine.max-ratio=[1]",
        "--set", "spark.conf={\"spark.sql.session.timeZone\" = \"Europe/Berlin\"}");

    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(
        "conform.cast: expected an object of column = { type = ... } entries, got 5",
        "quarantine.max-ratio: expected a share between 0 and 1, got [1]",
        "spark.conf.\"spark.sql.session.timeZone\": 'Europe/Berlin' is not UTC");
  }

  @Test
  void usageErrorsExitTwo() {
    Cli.Result badDate = feedlake("ingest", "--job", "vsco_events", "--date", "2024-13-01");
    assertThat(badDate.exit()).isEqualTo(2);
    assertThat(badDate.err()).contains("Invalid value for option '--date'", "2024-13-01");

    Cli.Result both = feedlake("ingest", "--job", "vsco_events", "--date", "2024-03-01", "--from", "2024-03-01", "--to", "2024-03-02");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");

    Cli.Result backwards = feedlake("ingest", "--job", "vsco_events", "--from", "2024-03-03", "--to", "2024-03-01");
    assertThat(backwards.exit()).isEqualTo(2);
    assertThat(backwards.err()).contains("--from 2024-03-03 is after --to 2024-03-01");

    Cli.Result noJob = feedlake("ingest", "--job", "nope", "--date", "2024-03-01");
    assertThat(noJob.exit()).isEqualTo(2);
    assertThat(noJob.err()).contains("job 'nope': no file", "jobs available: [adobe_clickstream, crm_leads, gif_activity, inventory_customers, vsco_alpha_parquet, vsco_events]");
  }

  @Test
  void anInvalidPayloadSchemaExitsTwoBeforeSparkStarts() {
    Cli.Result r = feedlake("ingest", "--job", "vsco_events", "--date", "2024-03-01", "--set", "source.schema.ddl=event_id STRNG");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("source.schema.ddl: not a valid Spark DDL schema");
    assertThat(org.apache.spark.sql.SparkSession.getDefaultSession().isDefined()).isFalse();
  }

  @Test
  void everyCommandTakesTheCommonOptionsAndANoCommandCallListsThemAll() {
    CommandLine cl = Main.commandLine();
    List<CommandLine> leaves = new ArrayList<>();
    ArrayDeque<CommandLine> todo = new ArrayDeque<>(cl.getSubcommands().values());
    while (!todo.isEmpty()) {
      CommandLine c = todo.pop();
      if (c.getCommandSpec().name().equals("help")) {
        continue; // picocli's help command: feedlake help <command>
      }
      if (c.getSubcommands().isEmpty()) {
        leaves.add(c);
      } else {
        todo.addAll(c.getSubcommands().values());
      }
    }
    assertThat(leaves).hasSizeGreaterThanOrEqualTo(16);
    for (CommandLine leaf : leaves) {
      String name = leaf.getCommandSpec().qualifiedName();
      for (String option : List.of("--run-id", "--set", "--conf-file", "--json")) {
        assertThat(leaf.getCommandSpec().findOption(option)).as(name + " " + option).isNotNull();
      }
    }
    Cli.Result none = feedlake();
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("Missing command: one of ");
    cl.getSubcommands().keySet().forEach(name -> assertThat(none.err()).as(name).contains(name));
  }
}
