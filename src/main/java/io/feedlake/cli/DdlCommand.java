package io.feedlake.cli;

import io.feedlake.FeedlakeException;
import io.feedlake.catalog.TableShape;
import io.feedlake.catalog.ddl.DdlWriter;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code feedlake ddl}: print the DDL declaring a job's tables in Redshift Spectrum, Athena or Hive. */
@Command(
    name = "ddl",
    mixinStandardHelpOptions = true,
    description = {
      "Print the DDL that declares a job's beta and quarantine tables, as the",
      "catalog stores them, with their partitions: spectrum (CREATE EXTERNAL SCHEMA",
      "... FROM DATA CATALOG, CREATE EXTERNAL TABLE with Redshift types, ALTER",
      "TABLE ADD PARTITION, at most 100 per statement), athena or hive (HiveQL).",
      "String columns become VARCHAR(n) in spectrum, n being the column's",
      "conform.sanitize.max-bytes, else 65535.",
      "Exit codes: 0 ok, 2 usage/config or table not in the catalog."
    })
final class DdlCommand extends FeedlakeCommand {
  @Option(names = "--job", required = true, paramLabel = "NAME", description = "Job name (jobs/<NAME>.conf).")
  String job;

  @Option(names = "--dialect", required = true, paramLabel = "DIALECT", description = "spectrum, athena or hive.")
  DdlWriter.Dialect dialect;

  @Option(names = "--external-schema", paramLabel = "NAME", description = "Redshift external schema (default: the database name).")
  String externalSchema;

  @Option(names = "--region", paramLabel = "REGION", defaultValue = "<aws-region>",
      description = "AWS region of the Glue catalog, for spectrum (default: the placeholder ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--iam-role", paramLabel = "ARN", defaultValue = "arn:aws:iam::<account-id>:role/<spectrum-role>",
      description = "IAM role Redshift assumes, for spectrum (default: the placeholder ${DEFAULT-VALUE}).")
  String iamRole;

  @Option(names = "--location-root", paramLabel = "URI",
      description = "Write locations under URI instead of the lake root, e.g. s3://bucket/lake (the lake as readers reach it).")
  String locationRoot;

  @Override
  void execute(RunSummary summary) {
    JobTables t = JobTables.open(this, job, summary);
    Map<String, Integer> varchar = Map.of();
    for (Rules.Step step : t.spec.rules().steps()) {
      if (step instanceof Rules.Sanitize s) {
        varchar = s.maxBytes();
      }
    }
    List<DdlWriter.Table> tables = new ArrayList<>();
    for (TableName table : t.tables()) {
      TableShape shape = t.catalog.table(table).orElseThrow(() -> FeedlakeException.usage("Cannot write DDL for "
          + table.qualified() + ": the table is not in the catalog (ingest a date first)"));
      tables.add(new DdlWriter.Table(shape, t.catalog.partitionLocations(table),
          table.equals(t.spec.table()) ? varchar : Map.of()));
    }
    String schema = externalSchema != null ? externalSchema : t.spec.table().database();
    String ddl = DdlWriter.script(tables, new DdlWriter.Options(dialect, schema, region, iamRole, t.lakeRoot, locationRoot));
    summary.put("dialect", dialect.name().toLowerCase(java.util.Locale.ROOT));
    if (human()) {
      say(ddl.stripTrailing());
    } else {
      summary.put("ddl", ddl);
    }
  }
}
